package io.rankkeeper.cli;

import picocli.CommandLine;

/** The entry point of {@code java -jar rankkeeper.jar}: the only place that calls System.exit. */
public final class Main {

    private Main() {
    }

    /** Commands that run for long and whose INFO lines (run summaries) are their output. */
    private static final java.util.Set<String> LONG_RUNNING = java.util.Set.of("daemon", "demo");

    public static void main(String[] args) {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            boolean longRunning = args.length > 0 && LONG_RUNNING.contains(args[0]);
            System.setProperty(LOG_LEVEL_PROPERTY, longRunning ? "INFO" : "WARN");
        }
        System.exit(commandLine().execute(args));
    }

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
