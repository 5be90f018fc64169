package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: packs every stored attempt of a kept H2 database pass by pass, printing each pass's
 * time and the longest a writer waited meanwhile for the {@code history_pack} row (a second
 * connection takes and releases it in a loop, as writer batches do), for profiling the packer.
 */
public final class PackProbe {

    private PackProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:file:" + args[0] + ";LOCK_TIMEOUT=60000";
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong longestWait = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(url)) {
                connection.setAutoCommit(false);
                while (!done.get()) {
                    long start = System.nanoTime();
                    HistoryBlocks.lockPackedBefore(connection);
                    connection.commit();
                    longestWait.accumulateAndGet(System.nanoTime() - start, Math::max);
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection connection = DriverManager.getConnection(url)) {
            writer.start();
            connection.setAutoCommit(false);
            Instant until = Instant.parse("3000-01-01T00:00:00Z");
            long total = 0;
            while (true) {
                long start = System.nanoTime();
                longestWait.set(0);
                int packed = HistoryPacker.pass(connection, until).packed();
                connection.commit();
                if (packed == 0) {
                    break;
                }
                total += packed;
                System.out.printf("pass: %,d attempts in %.2f s; longest wait for the lock %.3f s%n", packed,
                        (System.nanoTime() - start) / 1e9, longestWait.get() / 1e9);
            }
            System.out.printf("packed %,d%n", total);
        } finally {
            done.set(true);
            writer.join();
        }
    }
}
