package io.rankkeeper.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code daemon:} section, defaults filled in. Immutable.
 *
 * @param shutdownGrace how long a stopping daemon waits for running work before giving up
 * @param logFile where the daemon writes its log, as given in the config (relative to the
 *     working folder), or null to log to the console only
 */
public record DaemonConfig(Duration shutdownGrace, Path logFile) {

    /** Time for in-flight requests and the current run's writes to finish on shutdown. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    /** The section as it is when the config leaves it out. */
    public static DaemonConfig defaults() {
        return new DaemonConfig(DEFAULT_SHUTDOWN_GRACE, null);
    }
}
