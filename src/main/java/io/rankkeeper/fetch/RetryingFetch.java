package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link Fetcher#fetch}: attempts (each following redirects) until an answer that
 * is not worth retrying, the retries are spent, or the wait before the next attempt would be
 * longer than maxRetryWait. Waiting between attempts is the host's backoff, which the gate
 * enforces, so no thread sleeps. Its stages run one after another; not shared.
 */
final class RetryingFetch {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingFetch.class);

    private final RedirectFollower follower;
    private final HostBackoff backoff;
    private final FetchSettings settings;
    private final Clock clock;
    private final URI url;
    private final long startNanos;
    private final RedirectFollower.RedirectCheck robots;
    private final BodyBuffers buffers;
    private final PageHold page;

    /**
     * @param robots asked before each redirect is followed, or null when robots.txt is not obeyed
     * @param page the page the requests belong to, or null
     */
    RetryingFetch(RedirectFollower follower, HostBackoff backoff, FetchSettings settings, Clock clock, URI url, long startNanos,
            RedirectFollower.RedirectCheck robots, BodyBuffers buffers, PageHold page) {
        this.page = page;
        this.robots = robots;
        this.follower = follower;
        this.buffers = buffers;
        this.backoff = backoff;
        this.settings = settings;
        this.clock = clock;
        this.url = url;
        this.startNanos = startNanos;
    }

    CompletableFuture<FetchResult> run() {
        return attempt(1);
    }

    private CompletableFuture<FetchResult> attempt(int number) {
        return follower.follow(url, settings.maxRedirects(), settings.maxBodySize(), false, robots, page)
                .thenCompose(exchange -> afterAttempt(exchange, number));
    }

    private CompletableFuture<FetchResult> afterAttempt(Exchange exchange, int number) {
        if (exchange.failure() == Outcome.BACKED_OFF) {
            return done(failure(exchange, number - 1, exchange.detail()));
        }
        String host = HostKey.of(exchange.url());
        if (exchange.isAnswer() && exchange.status() >= 200 && exchange.status() < 300) {
            backoff.recordSuccess(host);
        }
        if (!isRetryable(exchange)) {
            return done(result(exchange, number, null));
        }
        Duration retryAfter = exchange.isAnswer()
                ? RetryAfter.parse(exchange.header("Retry-After"), clock.instant()).orElse(null)
                : null;
        Instant until = backoff.recordFailure(host, retryAfter);
        Duration wait = Duration.between(clock.instant(), until);
        if (number > settings.retries()) {
            return done(result(exchange, number, null));
        }
        if (wait.compareTo(settings.maxRetryWait()) > 0) {
            LOG.debug("Not retrying {} after attempt {}: host {} in backoff until {}", url, number, host, until);
            return done(result(exchange, number, "host in backoff until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        if (page != null) {
            page.releaseBody(); // this answer's body is dropped: no room held while waiting
        }
        return attempt(number + 1); // the gate holds it until the backoff ends
    }

    private static boolean isRetryable(Exchange exchange) {
        if (!exchange.isAnswer()) {
            return exchange.retryable();
        }
        int status = exchange.status();
        return !exchange.body().tooLarge() && (status == 429 || status >= 500);
    }

    private FetchResult result(Exchange exchange, int attempts, String backoffNote) {
        if (!exchange.isAnswer()) {
            return failure(exchange, attempts, join(exchange.detail(), backoffNote));
        }
        ReceivedBody body = exchange.body();
        int status = exchange.status();
        if (body.tooLarge()) {
            buffers.give(body.bytes());
            if (page != null) {
                page.releaseBody();
            }
            return new FetchResult(Outcome.TOO_LARGE, status, attempts, elapsed(), body.seen(), exchange.url(), null, null,
                    "body larger than " + settings.maxBodySize() + " bytes; reading stopped");
        }
        boolean ok = status >= 200 && status < 300;
        return FetchResult.undecoded(ok ? Outcome.OK : Outcome.HTTP_ERROR, status, attempts, elapsed(), exchange.url(),
                body, exchange.header("Content-Type"), buffers, page, ok ? null : join("HTTP " + status, backoffNote));
    }

    private FetchResult failure(Exchange exchange, int attempts, String detail) {
        URI finalUrl = attempts == 0 ? null : exchange.url();
        return new FetchResult(exchange.failure(), null, attempts, elapsed(), 0, finalUrl, null, null, detail);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String join(String detail, String note) {
        return note == null ? detail : detail + "; " + note;
    }

    private static CompletableFuture<FetchResult> done(FetchResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
