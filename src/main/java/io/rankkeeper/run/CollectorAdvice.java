package io.rankkeeper.run;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * This JVM's garbage collector, and whether it suits pages of 0.4 to 1 MB. G1 keeps an array of
 * half a region or more in regions of its own (a humongous object); with a heap under about 2 GB
 * its regions are 1 MB, so most page bodies are such arrays. With a 128 MB heap it then took 0.28
 * to 0.30 ms of CPU per page at full speed, against 0.08 ms for the serial collector (the
 * benchmark; docs/performance-log.md, 2026-12-02). Immutable.
 *
 * @param collectors the collectors' MXBean names
 * @param regionBytes G1's region size, or -1 when unknown
 */
public record CollectorAdvice(List<String> collectors, long regionBytes) {

    /** A large product page; G1 needs regions of twice this for such a body to be an ordinary object. */
    static final long TYPICAL_PAGE_BYTES = 1024 * 1024;

    public CollectorAdvice {
        collectors = List.copyOf(collectors);
    }

    /** The collector of this JVM. */
    public static CollectorAdvice ofThisJvm() {
        List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        long regionBytes = -1;
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot != null) {
                regionBytes = Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // not HotSpot: no region size to judge by
        }
        return new CollectorAdvice(collectors, regionBytes);
    }

    private boolean g1() {
        return collectors.stream().anyMatch(name -> name.startsWith("G1 "));
    }

    /** The collectors' names, with G1's region size when it is G1: "G1 Young Generation + G1 Old Generation (1 MB regions)". */
    public String describe() {
        String names = String.join(" + ", collectors);
        return g1() && regionBytes > 0 ? names + " (" + regionBytes / (1024 * 1024) + " MB regions)" : names;
    }

    /** What to run instead with a heap of {@code maxHeapBytes}, or null when this collector needs no advice. */
    String advice(long maxHeapBytes) {
        if (!g1() || regionBytes <= 0 || regionBytes / 2 >= TYPICAL_PAGE_BYTES) {
            return null;
        }
        return String.format(Locale.ROOT, "This JVM runs the G1 collector with %d MB regions (heap %d MB): it keeps"
                + " every page body of %d KB or more in regions of its own, which costs CPU per page. With a heap"
                + " this small, -XX:+UseSerialGC costs less (README: Configuration, Memory).",
                regionBytes / (1024 * 1024), maxHeapBytes / (1024 * 1024), regionBytes / 2 / 1024);
    }
}
