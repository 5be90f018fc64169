package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.junit.jupiter.api.Test;

/**
 * Jetty's network buffers are reused from page to page: with many answers holding a buffer at
 * once (each answer waiting for body room keeps the one its first bytes came in), every read
 * still takes a pooled buffer instead of a fresh one. HttpClient's own pool kept 8 of a size,
 * and a 128 MB JVM held 67 MB of dropped direct buffers waiting for the collector.
 */
class FetcherNetworkBuffersTest {

    private static final String PAGE = "<html>" + "x".repeat(300_000) + "</html>";
    private static final int IN_FLIGHT = 24;
    private static final int ROUNDS = 4;
    /** Bodies read at once: the other answers wait, each holding its network buffer. */
    private static final int BODIES = 2;

    @Test
    void manyConnectionsReadingAtOnceReuseTheirBuffers() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(IN_FLIGHT, IN_FLIGHT, Duration.ZERO), 0,
                        BODIES)) {
            server.on("*", exchange -> respond(exchange, 200, "text/html", PAGE));
            ArrayByteBufferPool pool = fetcher.networkBuffers();
            pool.setStatisticsEnabled(true);

            for (int round = 0; round < ROUNDS; round++) {
                List<PageHold> pages = new ArrayList<>();
                List<CompletableFuture<FetchResult>> results = new ArrayList<>();
                for (int page = 0; page < IN_FLIGHT; page++) {
                    pages.add(fetcher.newPage());
                    results.add(fetcher.fetch(server.url("/page/" + round + "/" + page), false, pages.get(page)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                boolean[] taken = new boolean[IN_FLIGHT];
                long done = 0;
                while (done < IN_FLIGHT && System.nanoTime() < deadline) {
                    for (int page = 0; page < IN_FLIGHT; page++) {
                        if (results.get(page).isDone() && !taken[page]) {
                            taken[page] = true;
                            FetchResult fetched = results.get(page).join();
                            assertThat(fetched.outcome()).isEqualTo(Outcome.OK);
                            assertThat(fetched.bytes()).isEqualTo(PAGE.length());
                            pages.get(page).done();
                            done++;
                        }
                    }
                    Thread.sleep(2);
                }
                assertThat(done).as("pages read in round %d", round).isEqualTo(IN_FLIGHT);
            }

            List<Map<String, Object>> buckets = pool.getDirectBucketsStatistics();
            long acquires = sum(buckets, "acquires");
            long nonPooled = sum(buckets, "nonPooled");
            assertThat(acquires).as("direct buffer acquires, %s", buckets).isGreaterThanOrEqualTo(ROUNDS * IN_FLIGHT);
            assertThat(nonPooled).as("direct buffers allocated outside the pool, %s", buckets).isZero();
            assertThat(pool.getDirectByteBufferCount()).as("direct buffers the pool holds")
                    .isLessThanOrEqualTo(2L * (IN_FLIGHT + Fetcher.HTTP_THREADS));
            assertThat(pool.getNoBucketDirectAcquires()).as("buffers too large for any bucket").isEmpty();
        }
    }

    private static long sum(List<Map<String, Object>> buckets, String key) {
        return buckets.stream().mapToLong(bucket -> ((Number) bucket.get(key)).longValue()).sum();
    }
}
