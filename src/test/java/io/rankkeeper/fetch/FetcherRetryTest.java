package io.rankkeeper.fetch;

import static io.rankkeeper.fetch.TestServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rankkeeper.model.Outcome;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FetcherRetryTest {

    private static final String BLOCK_PAGE = "<html><title>Sorry! Something went wrong!</title>api-services-support@amazon.com</html>";

    private TestServer server;
    private Fetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer("127.0.0.1");
        fetcher = TestSettings.fetcher(TestSettings.fast());
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.close();
    }

    @Test
    void retries503AndReturnsOkOnSecondAttempt() {
        AtomicInteger calls = new AtomicInteger();
        server.on("/flaky", exchange -> {
            if (calls.incrementAndGet() == 1) {
                respond(exchange, 503, "text/html", "busy");
            } else {
                respond(exchange, 200, "text/html", "fine");
            }
        });

        FetchResult result = fetcher.fetch(server.url("/flaky"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.body()).isEqualTo("fine");
        assertThat(fetcher.hostsInBackoff()).doesNotContainKey(server.hostKey());
    }

    @Test
    void keepsStatusAndBodyOf503AfterRetriesAreSpent() {
        server.on("/blocked", exchange -> respond(exchange, 503, "text/html", BLOCK_PAGE));

        FetchResult result = fetcher.fetch(server.url("/blocked"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.body()).isEqualTo(BLOCK_PAGE);
        assertThat(server.requests()).hasSize(3);
        // exponential: the second gap (about 2 x base) is not shorter than the first's minimum
        List<TestServer.Request> requests = server.requests();
        long firstGap = requests.get(1).startNanos() - requests.get(0).startNanos();
        long secondGap = requests.get(2).startNanos() - requests.get(1).startNanos();
        assertThat(firstGap).isGreaterThanOrEqualTo(TestSettings.RETRY_BASE.toNanos() / 2);
        assertThat(secondGap).isGreaterThanOrEqualTo(TestSettings.RETRY_BASE.toNanos());
    }

    @Test
    void waitsForRetryAfterSeconds() {
        AtomicInteger calls = new AtomicInteger();
        server.on("/slowdown", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                respond(exchange, 429, "text/plain", "slow down");
            } else {
                respond(exchange, 200, "text/html", "ok");
            }
        });

        FetchResult result = fetcher.fetch(server.url("/slowdown"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.attempts()).isEqualTo(2);
        List<TestServer.Request> requests = server.requests();
        assertThat(requests.get(1).startNanos() - requests.get(0).startNanos())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void waitsForRetryAfterHttpDate() {
        AtomicReference<Instant> retryAt = new AtomicReference<>();
        server.on("/date", exchange -> {
            if (retryAt.get() == null) {
                Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
                retryAt.set(at);
                exchange.getResponseHeaders().set("Retry-After",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
                respond(exchange, 429, "text/plain", "slow down");
            } else {
                respond(exchange, 200, "text/html", "ok");
            }
        });

        FetchResult result = fetcher.fetch(server.url("/date"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).startInstant()).isAfterOrEqualTo(retryAt.get());
    }

    @Test
    void putsHostInBackoffWhenRetryAfterExceedsMaxRetryWait() {
        server.on("/later", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "3600");
            respond(exchange, 429, "text/plain", "come back in an hour");
        });

        FetchResult first = fetcher.fetch(server.url("/later"), false).join();
        FetchResult second = fetcher.fetch(server.url("/other"), false).join();

        assertThat(first.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(first.httpStatus()).isEqualTo(429);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.detail()).contains("host in backoff until");
        assertThat(fetcher.hostsInBackoff().get(server.hostKey()))
                .isCloseTo(Instant.now().plusSeconds(3600), within(5, ChronoUnit.SECONDS));
        assertThat(second.outcome()).isEqualTo(Outcome.BACKED_OFF);
        assertThat(second.attempts()).isZero();
        assertThat(second.detail()).startsWith("host in backoff until ");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retriesConnectionRefusedThenReportsNetworkError() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        FetchResult result = fetcher.fetch(closedPort, false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.detail()).contains("connection refused");
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(fetcher.hostsInBackoff()).containsKey("127.0.0.1:" + closedPort.getPort());
    }

    @Test
    void backsOffHostReportedAsBlockingWithDoublingBackoff() {
        server.on("/page", exchange -> respond(exchange, 200, "text/html", "robot check"));
        URI url = server.url("/page");

        fetcher.reportBlocked(url);
        Instant firstUntil = fetcher.hostsInBackoff().get(server.hostKey());
        fetcher.reportBlocked(url);
        Instant secondUntil = fetcher.hostsInBackoff().get(server.hostKey());
        FetchResult result = fetcher.fetch(url, false).join();

        assertThat(firstUntil).isCloseTo(Instant.now().plus(Duration.ofMinutes(1)), within(5, ChronoUnit.SECONDS));
        assertThat(secondUntil).isCloseTo(Instant.now().plus(Duration.ofMinutes(2)), within(5, ChronoUnit.SECONDS));
        assertThat(result.outcome()).isEqualTo(Outcome.BACKED_OFF);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void respectsBackoffRestoredFromStorage() {
        server.on("/page", exchange -> respond(exchange, 200, "text/html", "ok"));
        Instant until = Instant.now().plusSeconds(600);

        fetcher.restoreBackoff(Map.of(server.hostKey(), until));
        FetchResult result = fetcher.fetch(server.url("/page"), false).join();

        assertThat(fetcher.hostsInBackoff()).containsEntry(server.hostKey(), until);
        assertThat(result.outcome()).isEqualTo(Outcome.BACKED_OFF);
        assertThat(result.detail()).isEqualTo("host in backoff until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void waitsOutShortBackoffInsteadOfGivingUp() {
        server.on("/page", exchange -> respond(exchange, 200, "text/html", "ok"));
        Instant until = Instant.now().plusMillis(500);

        fetcher.restoreBackoff(Map.of(server.hostKey(), until));
        FetchResult result = fetcher.fetch(server.url("/page"), false).join();

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(server.requests().get(0).startInstant()).isAfterOrEqualTo(until);
    }
}
