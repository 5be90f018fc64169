package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.PageView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests in flight are not bodies in memory: a fetcher reads the answers of at most its most
 * bodies at once, and the others wait unread until a page gives its body room back.
 */
class FetcherBodyRoomTest {

    private static final String PAGE = "<html>" + "x".repeat(200_000) + "</html>";

    @Test
    void sendsEveryRequestButReadsOneBodyAtATime() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(4, 4, Duration.ZERO), 0, 1)) {
            server.on("*", exchange -> respond(exchange, 200, "text/html", PAGE));
            List<PageHold> pages = new ArrayList<>();
            List<CompletableFuture<FetchResult>> results = fetchPages(fetcher, server, 3, pages);

            // All three asked and answered; whichever answer came first is read, the others wait
            // unread while its body is held.
            int first = nextDone(results, List.of());
            assertOnlyOneBodyRead(server, fetcher, results);

            // The body's bytes go back (the extractor takes the text): the next answer is read.
            assertThat(results.get(first).join().body()).isEqualTo(PAGE);
            int second = nextDone(results, List.of(first));
            FetchResult secondFetched = results.get(second).join();
            assertThat(secondFetched.outcome()).isEqualTo(Outcome.OK);
            Thread.sleep(300);
            assertThat(results.stream().filter(CompletableFuture::isDone)).hasSize(2);

            // A page that is done gives its room back too, whether its body was taken or not.
            pages.get(second).done();
            int third = nextDone(results, List.of(first, second));
            assertThat(results.get(third).join().body()).isEqualTo(PAGE);
            assertThat(secondFetched.body()).isEqualTo(PAGE); // its bytes were kept until it was asked for
            pages.forEach(PageHold::done);
            assertThat(fetcher.heldBodies()).isZero();
            assertThat(fetcher.heldPages()).isZero();
        }
    }

    @Test
    void aViewOfTheBytesHoldsTheBodyRoomUntilTheBodyIsDiscarded() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(4, 4, Duration.ZERO), 0, 1)) {
            server.on("*", exchange -> respond(exchange, 200, "text/html; charset=utf-8", PAGE));
            List<PageHold> pages = new ArrayList<>();
            List<CompletableFuture<FetchResult>> results = fetchPages(fetcher, server, 2, pages);

            int first = nextDone(results, List.of());
            FetchResult firstFetched = results.get(first).join();
            PageView view = firstFetched.view();
            assertThat(view.indexOf('>', 0)).isEqualTo(5);
            // The view reads the bytes as it goes: they are still the body in memory.
            assertOnlyOneBodyRead(server, fetcher, results);

            firstFetched.discardBody();
            int second = nextDone(results, List.of(first));
            assertThat(results.get(second).join().view().text()).isEqualTo(PAGE);
            // What the view read stays; the bytes it had not read went back with the body.
            assertThat(view.indexOf('>', 0)).isEqualTo(5);
            assertThatThrownBy(() -> view.lastIndexOf("</html>", view.length())).isInstanceOf(IllegalStateException.class);
            assertThat(firstFetched.view()).isNull();
            pages.forEach(PageHold::done);
            assertThat(fetcher.heldBodies()).isZero();
        }
    }

    /** The index of the next result to complete, other than those in {@code seen}; it must be OK. */
    private static int nextDone(List<CompletableFuture<FetchResult>> results, List<Integer> seen) throws Exception {
        return nextDoneWith(results, seen, Outcome.OK);
    }

    private static int nextDoneWith(List<CompletableFuture<FetchResult>> results, List<Integer> seen, Outcome outcome)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < results.size(); i++) {
                if (!seen.contains(i) && results.get(i).isDone()) {
                    assertThat(results.get(i).join().outcome()).isEqualTo(outcome);
                    return i;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no further result within 5 s");
    }

    @Test
    void anAnswerThatWaitsPastTheTimeoutTimesOutAndTheRoomGoesOn() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.withTimeout(Duration.ofMillis(1500), 0), 0, 1)) {
            server.on("*", exchange -> respond(exchange, 200, "text/html", PAGE));
            List<PageHold> pages = new ArrayList<>();
            List<CompletableFuture<FetchResult>> results = fetchPages(fetcher, server, 2, pages);

            int read = nextDone(results, List.of());
            FetchResult waited = results.get(1 - read).get(5, TimeUnit.SECONDS);
            assertThat(waited.outcome()).isEqualTo(Outcome.TIMEOUT);
            pages.get(1 - read).done();
            pages.get(read).done();
            assertThat(fetcher.heldBodies()).isZero();

            // Nothing was lost on the way: the next page is read at once.
            PageHold next = fetcher.newPage();
            FetchResult again = fetcher.fetch(server.url("/again"), false, next).get(5, TimeUnit.SECONDS);
            assertThat(again.outcome()).isEqualTo(Outcome.OK);
            assertThat(again.body()).isEqualTo(PAGE);
            next.done();
            assertThat(fetcher.heldBodies()).isZero();
        }
    }

    @Test
    void aPageWaitingToTryAgainHoldsNoBodyRoom() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (TestServer busyHost = new TestServer("127.0.0.1");
                TestServer otherHost = new TestServer("127.0.0.2");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(4, 4, Duration.ZERO), 0, 1)) {
            busyHost.on("*", exchange -> {
                if (calls.incrementAndGet() == 1) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    respond(exchange, 503, "text/html", "busy");
                } else {
                    respond(exchange, 200, "text/html", PAGE);
                }
            });
            otherHost.on("*", exchange -> respond(exchange, 200, "text/html", PAGE));
            PageHold busy = fetcher.newPage();
            CompletableFuture<FetchResult> busyResult = fetcher.fetch(busyHost.url("/busy"), false, busy);
            awaitRequests(busyHost, 1);
            Thread.sleep(100); // the 503 was read: the page now waits a second to try again

            PageHold other = fetcher.newPage();
            FetchResult otherFetched = fetcher.fetch(otherHost.url("/page"), false, other).get(700, TimeUnit.MILLISECONDS);
            assertThat(otherFetched.body()).isEqualTo(PAGE);
            assertThat(busyResult).isNotDone();
            other.done();

            FetchResult busyFetched = busyResult.get(5, TimeUnit.SECONDS);
            assertThat(busyFetched.attempts()).isEqualTo(2);
            assertThat(busyFetched.body()).isEqualTo(PAGE);
            busy.done();
            assertThat(fetcher.heldBodies()).isZero();
        }
    }

    @Test
    void aResultThatLetsGoOfItsBodyUnreadGivesItsRoomBack() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(4, 4, Duration.ZERO), 0, 1)) {
            server.on("*", exchange -> respond(exchange, 404, "text/html", PAGE));
            List<PageHold> pages = new ArrayList<>();
            List<CompletableFuture<FetchResult>> results = fetchPages(fetcher, server, 2, pages);

            int first = nextDoneWith(results, List.of(), Outcome.HTTP_ERROR);
            Thread.sleep(300);
            assertThat(results.get(1 - first)).isNotDone();

            // Nobody asks for the 404's page; once its observation is built it is let go of.
            results.get(first).join().discardBody();
            assertThat(results.get(first).join().body()).isNull();
            assertThat(results.get(1 - first).get(5, TimeUnit.SECONDS).body()).isEqualTo(PAGE);
            pages.forEach(PageHold::done);
            assertThat(fetcher.heldBodies()).isZero();
        }
    }

    @Test
    void aPageFollowingARedirectHoldsNoRoomWhileItWaitsForARequestSlot() throws Exception {
        try (TestServer server = new TestServer("127.0.0.1");
                Fetcher fetcher = TestSettings.fetcher(TestSettings.with(1, 1, Duration.ZERO), 1, 1)) {
            server.on("/moved", exchange -> {
                exchange.getResponseHeaders().set("Location", "/final");
                respond(exchange, 302, "text/html", "moved");
            });
            server.on("*", exchange -> respond(exchange, 200, "text/html", PAGE));
            long start = System.nanoTime();
            PageHold moved = fetcher.newPage();
            PageHold other = fetcher.newPage();
            // One request slot: the redirect's next hop queues behind the other page's request,
            // whose answer needs the body room the redirect's answer took.
            CompletableFuture<FetchResult> movedResult = fetcher.fetch(server.url("/moved"), false, moved);
            CompletableFuture<FetchResult> otherResult = fetcher.fetch(server.url("/other"), false, other)
                    .whenComplete((result, error) -> other.done());

            FetchResult otherFetched = otherResult.get(5, TimeUnit.SECONDS);
            FetchResult movedFetched = movedResult.get(5, TimeUnit.SECONDS);
            assertThat(otherFetched.outcome()).isEqualTo(Outcome.OK);
            assertThat(otherFetched.attempts()).isEqualTo(1);
            assertThat(movedFetched.outcome()).isEqualTo(Outcome.OK);
            assertThat(movedFetched.finalUrl().getPath()).isEqualTo("/final");
            // Well within the 2 s request timeout that would otherwise have broken the wait.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            moved.done();
            assertThat(fetcher.heldBodies()).isZero();
        }
    }

    private static List<CompletableFuture<FetchResult>> fetchPages(Fetcher fetcher, TestServer server, int count,
            List<PageHold> pages) {
        List<CompletableFuture<FetchResult>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PageHold page = fetcher.newPage();
            pages.add(page);
            results.add(fetcher.fetch(server.url("/page/" + i), false, page));
        }
        return results;
    }

    /** Every request was answered, and a while later still only one answer was read: its body is held. */
    private static void assertOnlyOneBodyRead(TestServer server, Fetcher fetcher,
            List<CompletableFuture<FetchResult>> results) throws InterruptedException {
        awaitRequests(server, results.size());
        Thread.sleep(300);
        assertThat(results.stream().filter(CompletableFuture::isDone)).hasSize(1);
        assertThat(fetcher.heldBodies()).isEqualTo(1);
    }

    private static void awaitRequests(TestServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.requests().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.requests()).hasSize(count);
    }
}
