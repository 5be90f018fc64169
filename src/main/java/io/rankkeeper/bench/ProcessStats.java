package io.rankkeeper.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * This process's CPU time and peak resident set (Linux {@code /proc}), and the machine's load.
 * The peak is reset between scenarios through {@code /proc/self/clear_refs} so each scenario
 * reports its own. Stateless, thread-safe.
 */
final class ProcessStats {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");
    private static final Path TASKS = Path.of("/proc/self/task");
    /** utime's index in a task's stat after "(comm) ": field 14 of the line, the state being field 3. */
    private static final int UTIME = 11;
    /** USER_HZ: 100 on every Linux the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** Written to clear_refs: resets the peak RSS (VmHWM) to the current RSS (Linux 4.0 on). */
    private static final String RESET_PEAK_RSS = "5";

    private ProcessStats() {
    }

    /** CPU time of every thread of this JVM so far (application, GC, JIT), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of the JIT compiler threads so far, in nanoseconds (from {@code /proc/self/task}),
     * or -1 where that is not there. A compiler thread that ended took its time with it.
     */
    static long jitNanos() {
        return threadCpuNanos(name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
    }

    /**
     * Whether the JVM may stop compiler threads it has no work for ({@code
     * UseDynamicNumberOfCompilerThreads}, on by default): a stopped thread takes its CPU time with
     * it, so {@link #jitNanos} then counts too little. False where the option cannot be read.
     */
    static boolean compilerThreadsMayStop() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("UseDynamicNumberOfCompilerThreads").getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException notHotSpot) {
            return false;
        }
    }

    /** CPU time of the garbage collector's threads (and the VM thread that runs its pauses), as {@link #jitNanos}. */
    static long gcNanos() {
        return threadCpuNanos(name -> name.startsWith("GC Thread") || name.startsWith("G1 ")
                || name.equals("VM Thread"));
    }

    /** Sum of user and system time of this JVM's threads whose name matches, or -1 without /proc. */
    private static long threadCpuNanos(Predicate<String> name) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended meanwhile
                }
                // "tid (comm) state ppid ... utime stime ...": comm may hold spaces and parentheses.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !name.test(stat.substring(open + 1, close))) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(fields[UTIME]) + Long.parseLong(fields[UTIME + 1]);
            }
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
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
