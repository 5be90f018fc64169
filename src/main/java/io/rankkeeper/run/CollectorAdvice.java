package io.rankkeeper.run;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Whether this JVM's garbage collector suits pages of 0.4 to 1 MB. G1 keeps an array of half a
 * region or more in regions of its own (a humongous object); with a heap under about 2 GB its
 * regions are 1 MB, so most page bodies are such arrays. With a 128 MB heap it then took 0.28 to
 * 0.30 ms of CPU per page at full speed, against 0.08 ms for the serial collector (the
 * benchmark, README "Performance"). Stateless.
 */
final class CollectorAdvice {

    /** A large product page; G1 needs regions of twice this for such a body to be an ordinary object. */
    static final long TYPICAL_PAGE_BYTES = 1024 * 1024;

    private CollectorAdvice() {
    }

    /** The advice for this JVM, or null when its collector needs none. */
    static String forThisJvm() {
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
        return advice(collectors, regionBytes, Runtime.getRuntime().maxMemory());
    }

    /**
     * The advice for a JVM running {@code collectors} (their MXBean names) with G1 regions of
     * {@code regionBytes} (-1 when unknown) and a heap of {@code maxHeapBytes}, or null.
     */
    static String advice(List<String> collectors, long regionBytes, long maxHeapBytes) {
        boolean g1 = collectors.stream().anyMatch(name -> name.startsWith("G1 "));
        if (!g1 || regionBytes <= 0 || regionBytes / 2 >= TYPICAL_PAGE_BYTES) {
            return null;
        }
        return String.format(Locale.ROOT, "This JVM runs the G1 collector with %d MB regions (heap %d MB): it keeps"
                + " every page body of %d KB or more in regions of its own, which costs CPU per page. With a heap"
                + " this small, -XX:+UseSerialGC costs less (README: Configuration, Memory).",
                regionBytes / (1024 * 1024), maxHeapBytes / (1024 * 1024), regionBytes / 2 / 1024);
    }
}
