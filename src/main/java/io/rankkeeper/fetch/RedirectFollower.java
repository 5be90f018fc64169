package io.rankkeeper.fetch;

import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs one attempt: a request and the redirects it leads to, each hop through the gate of its
 * own host, none to a host whose backoff lasts longer than the fetcher waits in place, and, when
 * robots.txt is obeyed, none to a URL its host's robots.txt disallows or defers.
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

    /** Asks robots.txt about a URL a redirect leads to. */
    @FunctionalInterface
    interface RedirectCheck extends Function<URI, CompletableFuture<RobotsRules.Verdict>> {
    }

    /**
     * Requests {@code url} and follows at most {@code maxRedirects} redirects. The result is the
     * last hop: an answer, or a failure (a loop and too many redirects are NETWORK_ERROR; a
     * redirect {@code robots} denies is ROBOTS_DENIED, one it defers BACKED_OFF). With
     * {@code keepPrefix} a too large body is still read up to the cap (robots.txt).
     *
     * @param robots asked before each redirect is followed, or null to follow without asking
     * @param page the page the hops belong to (see {@link PoliteGate}), or null
     */
    CompletableFuture<Exchange> follow(URI url, int maxRedirects, long maxBodySize, boolean keepPrefix,
            RedirectCheck robots, PageHold page) {
        Set<URI> seen = new HashSet<>();
        seen.add(url);
        return hop(url, new Hops(maxBodySize, keepPrefix, robots, seen, page), maxRedirects);
    }

    /** What stays the same along one chain of redirects. */
    private record Hops(long maxBodySize, boolean keepPrefix, RedirectCheck robots, Set<URI> seen, PageHold page) {
    }

    private CompletableFuture<Exchange> hop(URI url, Hops hops, int redirectsLeft) {
        String host = HostKey.of(url);
        Instant until = backoff.until(host);
        if (until != null && until.isAfter(clock.instant().plus(maxRetryWait))) {
            return CompletableFuture.completedFuture(
                    Exchange.failed(url, Outcome.BACKED_OFF, "host in backoff until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), false));
        }
        return gate.acquire(host, hops.page())
                .thenCompose(permit -> exchanger.send(url, hops.maxBodySize(), hops.keepPrefix(), hops.page())
                        .whenComplete((exchange, error) -> permit.release()))
                .thenCompose(exchange -> {
                    String location = isRedirect(exchange) ? exchange.header("Location") : null;
                    if (location == null) {
                        return CompletableFuture.completedFuture(exchange);
                    }
                    if (hops.page() != null) {
                        // The redirect's body is dropped. Holding body room while the next hop
                        // waits for a request slot could deadlock with an answer that holds the
                        // slot and waits for room (until its timeout).
                        hops.page().releaseBody();
                    }
                    URI next;
                    try {
                        next = url.resolve(location.trim());
                    } catch (IllegalArgumentException e) {
                        return failed(url, "redirect to an invalid Location: " + location);
                    }
                    if (!hops.seen().add(next)) {
                        return failed(url, "redirect loop: " + url + " -> " + next);
                    }
                    if (redirectsLeft <= 0) {
                        return failed(url, "too many redirects (more than " + (hops.seen().size() - 2) + ")");
                    }
                    if (hops.robots() == null) {
                        return hop(next, hops, redirectsLeft - 1);
                    }
                    // A redirect is a new URL, maybe on another host: its robots.txt has a say too.
                    return hops.robots().apply(next).thenCompose(verdict -> switch (verdict.kind()) {
                        case ALLOWED -> hop(next, hops, redirectsLeft - 1);
                        case DENIED -> CompletableFuture.completedFuture(
                                Exchange.failed(next, Outcome.ROBOTS_DENIED, "redirected to " + next + ": "
                                        + verdict.detail(), false));
                        case DEFERRED -> CompletableFuture.completedFuture(
                                Exchange.failed(next, Outcome.BACKED_OFF, "redirected to " + next + ": "
                                        + verdict.detail(), false));
                    });
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
