package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrency and delay limits, measured on the server side. */
class FetcherPolitenessTest {

    /**
     * A slow page that counts the requests being answered, from arrival until the answer starts,
     * into {@code most} at its highest. A server's own count ends after the answer is written,
     * and the client may start its next request in between: it once saw 3 of 2 on a loaded
     * machine.
     */
    private static TestServer.Handler countedSlowPage(AtomicInteger answering, AtomicInteger most) {
        return exchange -> {
            most.accumulateAndGet(answering.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            } finally {
                answering.decrementAndGet();
            }
            respond(exchange, 200, "text/html", "page");
        };
    }

    @Test
    void neverExceedsPerHostConcurrency() throws Exception {
        AtomicInteger most = new AtomicInteger();
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(16, 2, Duration.ZERO))) {
            server.on("*", countedSlowPage(new AtomicInteger(), most));

            List<CompletableFuture<FetchResult>> results = fetchAll(fetcher, server, 10);

            assertThat(results).allSatisfy(result -> assertThat(result.join().outcome()).isEqualTo(Outcome.OK));
            assertThat(most.get()).isEqualTo(2);
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
        AtomicInteger answering = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (TestServer first = new TestServer("127.0.0.1");
                TestServer second = new TestServer("127.0.0.2");
                TestServer third = new TestServer("127.0.0.3");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(3, 4, Duration.ZERO))) {
            List<CompletableFuture<FetchResult>> results = new ArrayList<>();
            for (TestServer server : List.of(first, second, third)) {
                server.on("*", countedSlowPage(answering, most));
                results.addAll(fetchAll(fetcher, server, 5));
            }

            assertThat(results).allSatisfy(result -> assertThat(result.join().outcome()).isEqualTo(Outcome.OK));
            assertThat(most.get()).isEqualTo(3);
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

    @Test
    void startsNoPageWhileTheMostPagesAreHeldButPlainRequestsStillGo() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(2, 4, Duration.ZERO), 1)) {
            server.on("*", exchange -> respond(exchange, 200, "text/html", "page"));
            List<PageHold> pages = new ArrayList<>();
            List<CompletableFuture<FetchResult>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                PageHold page = fetcher.newPage();
                pages.add(page);
                results.add(fetcher.fetch(server.url("/page/" + i), false, page));
            }

            // Two in flight plus one queued page: the first three come back and are kept.
            for (int i = 0; i < 3; i++) {
                assertThat(results.get(i).get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
            }
            Thread.sleep(300);
            assertThat(server.requestsTo("/page/3")).isEmpty();
            assertThat(fetcher.heldPages()).isEqualTo(3);
            // A request that is not a page (robots.txt, a caller that keeps nothing) is not held up.
            assertThat(fetcher.fetch(server.url("/plain"), false).get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);

            pages.get(0).done();
            assertThat(results.get(3).get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
            Thread.sleep(300);
            assertThat(server.requestsTo("/page/4")).isEmpty();
            pages.get(1).done();
            pages.get(1).done(); // a second call changes nothing
            assertThat(results.get(4).get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
            assertThat(fetcher.heldPages()).isEqualTo(3);
            pages.forEach(PageHold::done);
            assertThat(fetcher.heldPages()).isZero();
        }
    }

    @Test
    void pagesWaitingForTheirHostHoldNoRoomFromPagesOfAnotherHost() throws Exception {
        try (TestServer slow = new TestServer("127.0.0.1");
                TestServer fast = new TestServer("127.0.0.2");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(2, 1, Duration.ZERO), 0)) {
            slow.on("*", exchange -> {
                Thread.sleep(700);
                respond(exchange, 200, "text/html", "slow");
            });
            fast.on("*", exchange -> respond(exchange, 200, "text/html", "fast"));
            List<CompletableFuture<FetchResult>> slowResults = fetchPages(fetcher, slow, 4);

            List<CompletableFuture<FetchResult>> fastResults = fetchPages(fetcher, fast, 6);

            // One slow page in flight, three waiting for their host: they hold no room, so the
            // fast host's pages go one after another in the other place, done as soon as fetched.
            for (CompletableFuture<FetchResult> result : fastResults) {
                assertThat(result.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
            }
            assertThat(slowResults.get(0)).isNotDone();
            slowResults.forEach(CompletableFuture::join);
        }
    }

    /** Fetches {@code count} pages, each done as soon as it is back. */
    private static List<CompletableFuture<FetchResult>> fetchPages(Fetcher fetcher, TestServer server, int count) {
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PageHold page = fetcher.newPage();
            results.add(fetcher.fetch(server.url("/page/" + i), false, page).whenComplete((result, error) -> page.done()));
        }
        return results;
    }

    @Test
    void aHeldPageRetriesWithoutWaitingForRoomAndItsDoneLetsTheNextOneStart() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(1, 1, Duration.ZERO), 0)) {
            server.on("/first", exchange -> {
                if (calls.incrementAndGet() == 1) {
                    respond(exchange, 503, "text/html", "busy");
                } else {
                    respond(exchange, 200, "text/html", "page");
                }
            });
            server.on("/second", exchange -> respond(exchange, 200, "text/html", "page"));
            PageHold first = fetcher.newPage();
            PageHold second = fetcher.newPage();
            CompletableFuture<FetchResult> firstResult = fetcher.fetch(server.url("/first"), false, first);
            CompletableFuture<FetchResult> secondResult = fetcher.fetch(server.url("/second"), false, second);

            FetchResult fetched = firstResult.get(5, TimeUnit.SECONDS);
            assertThat(fetched.outcome()).isEqualTo(Outcome.OK);
            assertThat(fetched.attempts()).isEqualTo(2);
            Thread.sleep(300);
            assertThat(secondResult).isNotDone();

            first.done();
            assertThat(secondResult.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
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
