package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrency and delay limits, measured on the server side. */
class FetcherPolitenessTest {

    private static final TestServer.Handler SLOW_PAGE = exchange -> {
        Thread.sleep(100);
        respond(exchange, 200, "text/html", "page");
    };

    @Test
    void neverExceedsPerHostConcurrency() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(16, 2, Duration.ZERO))) {
            server.on("*", SLOW_PAGE);

            List<CompletableFuture<FetchResult>> results = fetchAll(fetcher, server, 10);

            assertThat(results).allSatisfy(result -> assertThat(result.join().outcome()).isEqualTo(Outcome.OK));
            assertThat(server.maxInFlight()).isEqualTo(2);
        }
    }

    @Test
    void spacesRequestStartsToOneHostByPerHostDelay() throws Exception {
        Duration delay = Duration.ofMillis(150);
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(16, 4, delay))) {
            server.on("*", exchange -> respond(exchange, 200, "text/html", "page"));

            fetchAll(fetcher, server, 6).forEach(CompletableFuture::join);

            List<TestServer.Request> requests = server.requests();
            assertThat(requests).hasSize(6);
            for (int i = 1; i < requests.size(); i++) {
                long gap = requests.get(i).startNanos() - requests.get(i - 1).startNanos();
                // the gate spaces starts by the delay; the server sees each one a little later,
                // with scheduling noise either way on a busy machine (without the delay: ~1 ms)
                assertThat(gap).isGreaterThan(delay.minusMillis(40).toNanos());
            }
        }
    }

    @Test
    void neverExceedsMaxConcurrencyAcrossHosts() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (TestServer first = new TestServer("127.0.0.1", inFlight, maxInFlight);
                TestServer second = new TestServer("127.0.0.2", inFlight, maxInFlight);
                TestServer third = new TestServer("127.0.0.3", inFlight, maxInFlight);
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(3, 4, Duration.ZERO))) {
            List<CompletableFuture<FetchResult>> results = new ArrayList<>();
            for (TestServer server : List.of(first, second, third)) {
                server.on("*", SLOW_PAGE);
                results.addAll(fetchAll(fetcher, server, 5));
            }

            assertThat(results).allSatisfy(result -> assertThat(result.join().outcome()).isEqualTo(Outcome.OK));
            assertThat(maxInFlight.get()).isEqualTo(3);
        }
    }

    @Test
    void slowHostDoesNotHoldUpOtherHosts() throws Exception {
        try (TestServer slow = new TestServer("127.0.0.1");
                TestServer fast = new TestServer("127.0.0.2");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(2, 1, Duration.ZERO))) {
            slow.on("*", exchange -> {
                Thread.sleep(700);
                respond(exchange, 200, "text/html", "slow");
            });
            fast.on("*", exchange -> respond(exchange, 200, "text/html", "fast"));
            List<CompletableFuture<FetchResult>> slowResults = fetchAll(fetcher, slow, 2);

            fetchAll(fetcher, fast, 5).forEach(result -> assertThat(result.join().outcome()).isEqualTo(Outcome.OK));

            // If the second slow request held the other global slot while waiting for its
            // host, the fast host would get nothing until the first slow one was done.
            assertThat(slowResults.get(0)).isNotDone();
            slowResults.forEach(CompletableFuture::join);
        }
    }

    private static List<CompletableFuture<FetchResult>> fetchAll(Fetcher fetcher, TestServer server, int count) {
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(fetcher.fetch(server.url("/item/" + i), false));
        }
        return results;
    }
}
