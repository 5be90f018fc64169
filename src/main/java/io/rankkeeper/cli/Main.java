package io.rankkeeper.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The entry point of {@code java -jar rankkeeper.jar}: the only place that calls System.exit. */
public final class Main {

    private Main() {
    }

    /** Commands that run for long and whose INFO lines (run summaries) are their output. */
    private static final java.util.Set<String> LONG_RUNNING = java.util.Set.of("daemon", "demo");

    /**
     * On a 2-core machine the common ForkJoin pool has one thread, and CompletableFuture then
     * starts a new thread for every async step, which the JDK HTTP client takes once per
     * response (the benchmark saw 4,706 threads started in 60 s). Two threads avoid that.
     */
    static final int MIN_COMMON_POOL_PARALLELISM = 2;

    public static void main(String[] args) {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null
                && Runtime.getRuntime().availableProcessors() - 1 < MIN_COMMON_POOL_PARALLELISM) {
            System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(MIN_COMMON_POOL_PARALLELISM));
        }
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            boolean longRunning = args.length > 0 && LONG_RUNNING.contains(args[0]);
            System.setProperty(LOG_LEVEL_PROPERTY, longRunning ? "INFO" : "WARN");
        }
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs a command line. A JVM out of heap says what heap to give it instead of dying with a
     * stack trace (a 100,000-target run at -Xmx225m did before its summary kept less).
     */
    static int execute(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError full) {
            long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            PrintWriter err = commandLine.getErr();
            err.println("error: the JVM ran out of heap (" + full.getMessage() + ", " + heapMb + " MB); give it more,"
                    + " for example java -Xmx" + 2 * heapMb + "m -jar rankkeeper.jar " + String.join(" ", args)
                    + " (the targets keep about 1 KB each, and the pages being read want 128 MB)");
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /** Read by logback.xml; set before the first logger is created. */
    static final String LOG_LEVEL_PROPERTY = "rankkeeper.log.level";

    /** The command tree with rankkeeper's error handling; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RootCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new ErrorHandler());
        return commandLine;
    }
}
