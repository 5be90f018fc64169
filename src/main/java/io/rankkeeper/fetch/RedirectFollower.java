package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one attempt: a request and the redirects it leads to, each hop through the gate of its
 * own host, and none to a host whose backoff lasts longer than the fetcher waits in place.
 * Stateless apart from its collaborators; thread-safe.
 */
final class RedirectFollower {

    private final PoliteGate gate;
    private final Exchanger exchanger;
    private final HostBackoff backoff;
    private final Duration maxRetryWait;
    private final Clock clock;

    RedirectFollower(PoliteGate gate, Exchanger exchanger, HostBackoff backoff, Duration maxRetryWait, Clock clock) {
        this.gate = gate;
        this.exchanger = exchanger;
        this.backoff = backoff;
        this.maxRetryWait = maxRetryWait;
        this.clock = clock;
    }

    /**
     * Requests {@code url} and follows at most {@code maxRedirects} redirects. The result is the
     * last hop: an answer, or a failure (a loop and too many redirects are NETWORK_ERROR).
     * With {@code keepPrefix} a too large body is still read up to the cap (robots.txt).
     */
    CompletableFuture<Exchange> follow(URI url, int maxRedirects, long maxBodySize, boolean keepPrefix) {
        Set<URI> seen = new HashSet<>();
        seen.add(url);
        return hop(url, maxRedirects, maxBodySize, keepPrefix, seen);
    }

    private CompletableFuture<Exchange> hop(URI url, int redirectsLeft, long maxBodySize, boolean keepPrefix, Set<URI> seen) {
        String host = HostKey.of(url);
        Instant until = backoff.until(host);
        if (until != null && until.isAfter(clock.instant().plus(maxRetryWait))) {
            return CompletableFuture.completedFuture(
                    Exchange.failed(url, Outcome.BACKED_OFF, "host in backoff until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), false));
        }
        return gate.acquire(host)
                .thenCompose(permit -> exchanger.send(url, maxBodySize, keepPrefix).whenComplete((exchange, error) -> permit.release()))
                .thenCompose(exchange -> {
                    String location = isRedirect(exchange) ? exchange.header("Location") : null;
                    if (location == null) {
                        return CompletableFuture.completedFuture(exchange);
                    }
                    URI next;
                    try {
                        next = url.resolve(location.trim());
                    } catch (IllegalArgumentException e) {
                        return failed(url, "redirect to an invalid Location: " + location);
                    }
                    if (!seen.add(next)) {
                        return failed(url, "redirect loop: " + url + " -> " + next);
                    }
                    if (redirectsLeft <= 0) {
                        return failed(url, "too many redirects (more than " + (seen.size() - 2) + ")");
                    }
                    return hop(next, redirectsLeft - 1, maxBodySize, keepPrefix, seen);
                });
    }

    private static boolean isRedirect(Exchange exchange) {
        int status = exchange.status();
        return exchange.isAnswer() && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308);
    }

    private static CompletableFuture<Exchange> failed(URI url, String detail) {
        return CompletableFuture.completedFuture(Exchange.failed(url, Outcome.NETWORK_ERROR, detail, false));
    }
}
