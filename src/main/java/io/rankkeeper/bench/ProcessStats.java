package io.rankkeeper.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU time and peak resident set (Linux {@code /proc}), and the machine's load.
 * The peak is reset between scenarios through {@code /proc/self/clear_refs} so each scenario
 * reports its own. Stateless, thread-safe.
 */
final class ProcessStats {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");
    /** Written to clear_refs: resets the peak RSS (VmHWM) to the current RSS (Linux 4.0 on). */
    private static final String RESET_PEAK_RSS = "5";

    private ProcessStats() {
    }

    /** CPU time of every thread of this JVM so far (application, GC, JIT), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Peak resident set size in KiB, or -1 where /proc is not there. */
    static long peakRssKib() {
        return statusKib("VmHWM:");
    }

    static long rssKib() {
        return statusKib("VmRSS:");
    }

    /** Resets the peak to the current RSS; false when the kernel does not allow it. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, RESET_PEAK_RSS);
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException notLinux) {
            return false;
        }
    }

    /** The 1, 5 and 15 minute load averages as the kernel prints them, or "n/a". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(LOAD_AVERAGE).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException notLinux) {
            return "n/a";
        }
    }

    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
        return -1;
    }
}
