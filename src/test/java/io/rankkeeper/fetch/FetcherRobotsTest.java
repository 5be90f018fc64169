package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FetcherRobotsTest {

    private TestServer server;
    private Fetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer("127.0.0.1");
        server.on("*", exchange -> respond(exchange, 200, "text/html", "page"));
        fetcher = TestSettings.fetcher(TestSettings.fast());
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.close();
    }

    @Test
    void deniesDisallowedUrlWithoutRequestingIt() {
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain",
                "User-agent: *\nDisallow: /private\n"));

        FetchResult denied = fetcher.fetch(server.url("/private/item"), true).join();
        FetchResult allowed = fetcher.fetch(server.url("/public/item"), true).join();

        assertThat(denied.outcome()).isEqualTo(Outcome.ROBOTS_DENIED);
        assertThat(denied.attempts()).isZero();
        assertThat(denied.detail()).contains("robots.txt disallows");
        assertThat(allowed.outcome()).isEqualTo(Outcome.OK);
        assertThat(server.requestsTo("/private/item")).isEmpty();
        assertThat(server.requestsTo("/robots.txt")).hasSize(1);
    }

    @Test
    void asksTheRobotsTxtOfTheHostARedirectLeadsTo() throws IOException {
        server.on("/robots.txt", exchange -> respond(exchange, 404, "text/plain", "none"));
        try (TestServer other = new TestServer("127.0.0.2")) {
            other.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
            other.on("*", exchange -> respond(exchange, 200, "text/html", "page"));
            server.on("/moved", exchange -> TestServer.redirect(exchange, 302, other.url("/private/page").toString()));
            server.on("/moved-ok", exchange -> TestServer.redirect(exchange, 302, other.url("/public/page").toString()));

            FetchResult denied = fetcher.fetch(server.url("/moved"), true).join();
            FetchResult allowed = fetcher.fetch(server.url("/moved-ok"), true).join();
            FetchResult notAsked = fetcher.fetch(server.url("/moved"), false).join();

            assertThat(denied.outcome()).isEqualTo(Outcome.ROBOTS_DENIED);
            assertThat(denied.finalUrl()).isEqualTo(other.url("/private/page"));
            assertThat(denied.detail()).contains("redirected to", "robots.txt disallows");
            assertThat(allowed.outcome()).isEqualTo(Outcome.OK);
            assertThat(notAsked.outcome()).isEqualTo(Outcome.OK);
            assertThat(other.requestsTo("/private/page")).hasSize(1); // only the fetch that ignores robots.txt
            assertThat(other.requestsTo("/robots.txt")).hasSize(1);
        }
    }

    @Test
    void matchesOurRobotNameFromUserAgent() {
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain",
                "User-agent: rankkeeper-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n"));

        assertThat(fetcher.fetch(server.url("/dp/1"), true).join().outcome()).isEqualTo(Outcome.ROBOTS_DENIED);
    }

    @Test
    void fetchesRobotsTxtOnceForManyConcurrentFetches() {
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain", "User-agent: *\nDisallow: /x\n"));

        List<CompletableFuture<FetchResult>> results = IntStream.range(0, 10)
                .mapToObj(i -> fetcher.fetch(server.url("/item/" + i), true)).toList();

        assertThat(results).allSatisfy(result -> assertThat(result.join().outcome()).isEqualTo(Outcome.OK));
        assertThat(server.requestsTo("/robots.txt")).hasSize(1);
    }

    @Test
    void allowsEverythingWhenRobotsTxtIsMissing() {
        server.on("/robots.txt", exchange -> respond(exchange, 404, "text/plain", "no"));

        FetchResult result = fetcher.fetch(server.url("/anything"), true).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void allowsEverythingWhenRobotsTxtIsGarbage() {
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain", new byte[] {0, 1, 2, (byte) 0xff, '\n', 'x'}));

        assertThat(fetcher.fetch(server.url("/anything"), true).join().outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void readsOnlyTheFirst500KilobytesOfHugeRobotsTxt() throws Exception {
        String filler = "# padding\n".repeat(60_000); // 600 KB
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain",
                "User-agent: *\nDisallow: /early\n" + filler + "Disallow: /late\n"));

        assertThat(fetcher.fetch(server.url("/early"), true).join().outcome()).isEqualTo(Outcome.ROBOTS_DENIED);
        assertThat(fetcher.fetch(server.url("/late"), true).join().outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void defersHostWhenRobotsTxtAnswers503() {
        server.on("/robots.txt", exchange -> respond(exchange, 503, "text/plain", "down"));

        FetchResult result = fetcher.fetch(server.url("/page"), true).join();

        assertThat(result.outcome()).isEqualTo(Outcome.BACKED_OFF);
        assertThat(result.attempts()).isZero();
        assertThat(result.detail()).contains("robots.txt answered HTTP 503");
        assertThat(server.requestsTo("/page")).isEmpty();
        assertThat(fetcher.hostsInBackoff()).containsKey(server.hostKey());
    }

    @Test
    void asksRobotsTxtAgainAfterADeferral() throws InterruptedException {
        int[] calls = {0};
        server.on("/robots.txt", exchange -> {
            if (calls[0]++ == 0) {
                respond(exchange, 503, "text/plain", "down");
            } else {
                respond(exchange, 200, "text/plain", "User-agent: *\nAllow: /\n");
            }
        });

        FetchResult first = fetcher.fetch(server.url("/page"), true).join();
        FetchResult second = fetcher.fetch(server.url("/page"), true).join(); // waits out the short backoff

        assertThat(first.outcome()).isEqualTo(Outcome.BACKED_OFF);
        assertThat(second.outcome()).isEqualTo(Outcome.OK);
        assertThat(server.requestsTo("/robots.txt")).hasSize(2);
    }

    @Test
    void usesCrawlDelayAsFloorOnPerHostDelay() {
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain", "User-agent: *\nCrawl-delay: 1\n"));

        fetcher.fetch(server.url("/one"), true).join();
        fetcher.fetch(server.url("/two"), true).join();

        long gap = server.requestsTo("/two").get(0).startNanos() - server.requestsTo("/one").get(0).startNanos();
        // without the floor the second request follows the first within milliseconds
        assertThat(gap).isGreaterThan(Duration.ofMillis(800).toNanos());
    }

    @Test
    void fetchesRobotsTxtThroughTheSamePerHostDelay() {
        Duration delay = Duration.ofMillis(200);
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain", "User-agent: *\nAllow: /\n"));
        try (Fetcher polite = TestSettings.fetcher(TestSettings.with(16, 4, delay))) {
            polite.fetch(server.url("/page"), true).join();
        }

        long gap = server.requestsTo("/page").get(0).startNanos() - server.requestsTo("/robots.txt").get(0).startNanos();
        assertThat(gap).isGreaterThan(delay.minusMillis(40).toNanos());
    }

    @Test
    void ignoresRobotsTxtWhenNotObeying() {
        server.on("/robots.txt", exchange -> respond(exchange, 200, "text/plain", "User-agent: *\nDisallow: /\n"));

        FetchResult result = fetcher.fetch(server.url("/page"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(server.requestsTo("/robots.txt")).isEmpty();
    }
}
