package io.rankkeeper.config;

import java.time.Duration;

/** The {@code http:} section, defaults filled in. Immutable. */
public record HttpConfig(
        String userAgent,
        Duration timeout,
        Duration connectTimeout,
        int maxConcurrency,
        int perHostConcurrency,
        Duration perHostDelay,
        int retries,
        long maxBodySize,
        boolean robotsTxt) {
}
