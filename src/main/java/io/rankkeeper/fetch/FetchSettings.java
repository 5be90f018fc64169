package io.rankkeeper.fetch;

import java.time.Duration;

/**
 * How the fetcher behaves; one immutable value for the fetcher's life.
 *
 * @param userAgent the User-Agent header sent with every request (and matched in robots.txt)
 * @param timeout total time for one request, connect to last body byte
 * @param connectTimeout time to establish a connection
 * @param maxConcurrency requests in flight across all hosts
 * @param perHostConcurrency requests in flight to one host
 * @param perHostDelay minimum time between request starts to one host
 * @param retries extra attempts on network errors, 5xx and 429 (0 = try once)
 * @param maxBodySize largest body read, in bytes (after decompression); larger is TOO_LARGE
 * @param maxRedirects redirects followed before giving up as NETWORK_ERROR
 * @param maxRetryWait the longest Retry-After or backoff a request waits in place; longer
 *     means the host is put in backoff and the request gives up
 */
public record FetchSettings(
        String userAgent,
        Duration timeout,
        Duration connectTimeout,
        int maxConcurrency,
        int perHostConcurrency,
        Duration perHostDelay,
        int retries,
        long maxBodySize,
        int maxRedirects,
        Duration maxRetryWait) {

    /** Rejects settings the fetcher cannot work with, naming the component and the value. */
    public FetchSettings {
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
        positive("timeout", timeout);
        positive("connectTimeout", connectTimeout);
        notNegative("perHostDelay", perHostDelay);
        notNegative("maxRetryWait", maxRetryWait);
        atLeast("maxConcurrency", maxConcurrency, 1);
        atLeast("perHostConcurrency", perHostConcurrency, 1);
        atLeast("retries", retries, 0);
        atLeast("maxBodySize", maxBodySize, 1);
        atLeast("maxRedirects", maxRedirects, 0);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or a positive duration, was " + value);
        }
    }

    private static void atLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
    }
}
