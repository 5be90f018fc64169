package io.rankkeeper.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * On Ctrl-C or SIGTERM, interrupts the command's thread and holds the JVM open until the
 * command has stored what it has and closed the database (bounded by the grace period).
 */
final class InterruptOnShutdown implements AutoCloseable {

    /** Time for closing the database after the run's grace period. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    private InterruptOnShutdown(Thread worker, Duration grace) {
        this.hook = new Thread(() -> {
            worker.interrupt();
            try {
                done.await(grace.plus(CLOSE_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "rankkeeper-shutdown");
    }

    static InterruptOnShutdown install(Duration grace) {
        InterruptOnShutdown guard = new InterruptOnShutdown(Thread.currentThread(), grace);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it has been released by the count-down above.
        }
    }
}
