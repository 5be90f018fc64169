package io.rankkeeper.schedule;

/**
 * Runs what a fire asks for, on the calling (Quartz worker) thread, and returns when the run
 * has ended. An interrupt asks it to stop early. Implementations must be thread-safe: fires of
 * different groups arrive at once.
 */
@FunctionalInterface
public interface FireHandler {

    void handle(Fire fire);
}
