package io.rankkeeper.fetch;

import java.time.Duration;

/** Fetch settings and fetchers with short times, so the tests stay fast. */
final class TestSettings {

    static final String USER_AGENT = "rankkeeper-test/1.0 (+https://example.invalid/bot)";
    static final Duration RETRY_BASE = Duration.ofMillis(50);

    private TestSettings() {
    }

    static FetchSettings fast() {
        return new FetchSettings(USER_AGENT, Duration.ofSeconds(2), Duration.ofMillis(500), 16, 4, Duration.ZERO,
                2, 1_000_000, 5, Duration.ofSeconds(3));
    }

    static FetchSettings with(int maxConcurrency, int perHostConcurrency, Duration perHostDelay) {
        FetchSettings base = fast();
        return new FetchSettings(base.userAgent(), base.timeout(), base.connectTimeout(), maxConcurrency,
                perHostConcurrency, perHostDelay, base.retries(), base.maxBodySize(), base.maxRedirects(), base.maxRetryWait());
    }

    static FetchSettings withTimeout(Duration timeout, int retries) {
        FetchSettings base = fast();
        return new FetchSettings(base.userAgent(), timeout, timeout, base.maxConcurrency(), base.perHostConcurrency(),
                base.perHostDelay(), retries, base.maxBodySize(), base.maxRedirects(), base.maxRetryWait());
    }

    static FetchSettings withMaxBodySize(long maxBodySize) {
        FetchSettings base = fast();
        return new FetchSettings(base.userAgent(), base.timeout(), base.connectTimeout(), base.maxConcurrency(),
                base.perHostConcurrency(), base.perHostDelay(), 0, maxBodySize, base.maxRedirects(), base.maxRetryWait());
    }

    static Fetcher fetcher(FetchSettings settings) {
        return new Fetcher(settings, RETRY_BASE);
    }

    /** A fetcher that holds at most {@code maxConcurrency + queuedPages} pages at once. */
    static Fetcher fetcher(FetchSettings settings, int queuedPages) {
        return new Fetcher(settings, queuedPages, settings.maxConcurrency() + queuedPages, RETRY_BASE);
    }

    /** As {@link #fetcher(FetchSettings, int)}, reading at most {@code maxBodies} bodies at once. */
    static Fetcher fetcher(FetchSettings settings, int queuedPages, int maxBodies) {
        return new Fetcher(settings, queuedPages, maxBodies, RETRY_BASE);
    }
}
