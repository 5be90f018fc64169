package io.rankkeeper.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * robots.txt per origin (scheme, host, port): fetched once through the same polite path as
 * pages, parsed with crawler-commons and cached for {@link #CACHE_TIME}. Like Nutch and
 * StormCrawler: 4xx means allow all; 429, 5xx or no answer means the host is deferred (its
 * targets are BACKED_OFF and the host goes into backoff; nothing is cached, so robots.txt is
 * asked again after the backoff). A crawl-delay becomes a floor on the host's request gap,
 * capped at {@link #MAX_CRAWL_DELAY}. Thread-safe.
 */
final class RobotsRules {

    private static final Logger LOG = LoggerFactory.getLogger(RobotsRules.class);
    static final Duration CACHE_TIME = Duration.ofHours(24);
    /** Google reads the first 500 KiB; the rest is ignored. */
    static final long MAX_BYTES = 500L * 1024;
    /** RFC 9309 asks crawlers to follow at least five redirects. */
    static final int MAX_REDIRECTS = 5;
    static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(30);

    /** Whether a URL may be fetched. */
    enum Kind { ALLOWED, DENIED, DEFERRED }

    /** The answer for one URL, with a detail for DENIED and DEFERRED. */
    record Verdict(Kind kind, String detail) {
    }

    private record Rules(BaseRobotRules rules, Instant expires, String deferral) {
    }

    private final Map<String, CompletableFuture<Rules>> cache = new ConcurrentHashMap<>();
    private final RedirectFollower follower;
    private final HostBackoff backoff;
    private final PoliteGate gate;
    private final List<String> robotNames;
    private final Clock clock;

    RobotsRules(RedirectFollower follower, HostBackoff backoff, PoliteGate gate, String userAgent, Clock clock) {
        this.follower = follower;
        this.backoff = backoff;
        this.gate = gate;
        this.robotNames = List.of(robotName(userAgent));
        this.clock = clock;
    }

    /** "rankkeeper/1.0 (+https://...)" is matched in robots.txt as "rankkeeper". */
    static String robotName(String userAgent) {
        String name = userAgent == null ? "" : userAgent.trim().split("[/\\s]", 2)[0];
        return name.isEmpty() ? "*" : name.toLowerCase(Locale.ROOT);
    }

    /** Whether robots.txt lets us fetch {@code url}. Fails only if the fetcher is closing. */
    CompletableFuture<Verdict> check(URI url) {
        String origin = HostKey.origin(url);
        if (origin == null) {
            return CompletableFuture.completedFuture(new Verdict(Kind.ALLOWED, null)); // the fetch reports the bad URL
        }
        Instant now = clock.instant();
        CompletableFuture<Rules> rules = cache.compute(origin, (key, cached) -> cached == null || isStale(cached, now) ? load(key) : cached);
        return rules.thenApply(loaded -> {
            if (loaded.deferral() != null) {
                cache.remove(origin, rules);
                return new Verdict(Kind.DEFERRED, loaded.deferral());
            }
            return loaded.rules().isAllowed(url.toString())
                    ? new Verdict(Kind.ALLOWED, null)
                    : new Verdict(Kind.DENIED, "robots.txt disallows " + url);
        });
    }

    private static boolean isStale(CompletableFuture<Rules> cached, Instant now) {
        if (!cached.isDone()) {
            return false;
        }
        if (cached.isCompletedExceptionally()) {
            return true;
        }
        Rules rules = cached.join();
        return rules.deferral() != null || now.isAfter(rules.expires());
    }

    private CompletableFuture<Rules> load(String origin) {
        URI robotsUrl = URI.create(origin + "/robots.txt");
        return follower.follow(robotsUrl, MAX_REDIRECTS, MAX_BYTES, true, null, null).thenApply(exchange -> read(robotsUrl, exchange));
    }

    private Rules read(URI robotsUrl, Exchange exchange) {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        String host = HostKey.of(exchange.url());
        if (!exchange.isAnswer()) {
            if (exchange.failure() == Outcome.BACKED_OFF) {
                return deferred(exchange.detail());
            }
            if (!exchange.retryable()) { // redirect loop or the like: RFC 9309 says allow all
                return cacheable(parser.failedFetch(404));
            }
            Instant until = backoff.recordFailure(host, null);
            return deferred("robots.txt unreachable (" + exchange.detail() + "); host deferred until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        int status = exchange.status();
        if (status == 429 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(exchange.header("Retry-After"), clock.instant()).orElse(null);
            Instant until = backoff.recordFailure(host, retryAfter);
            return deferred("robots.txt answered HTTP " + status + "; host deferred until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (status < 200 || status >= 300) {
            return cacheable(parser.failedFetch(status)); // 3xx left over, 4xx: allow all
        }
        ReceivedBody body = exchange.body();
        byte[] content = body.length() == body.bytes().length ? body.bytes() : Arrays.copyOf(body.bytes(), body.length());
        if (body.tooLarge()) {
            content = Arrays.copyOf(content, (int) Math.min(content.length, MAX_BYTES));
        }
        SimpleRobotRules rules = parser.parseContent(robotsUrl.toString(), content,
                exchange.header("Content-Type"), robotNames);
        if (rules.getCrawlDelay() > 0) {
            Duration delay = Duration.ofMillis(Math.min(rules.getCrawlDelay(), MAX_CRAWL_DELAY.toMillis()));
            gate.setDelayFloor(HostKey.of(robotsUrl), delay);
            LOG.debug("Crawl-delay {} for {}", delay, robotsUrl);
        }
        return cacheable(rules);
    }

    private Rules cacheable(BaseRobotRules rules) {
        return new Rules(rules, clock.instant().plus(CACHE_TIME), null);
    }

    private static Rules deferred(String detail) {
        return new Rules(null, null, detail);
    }
}
