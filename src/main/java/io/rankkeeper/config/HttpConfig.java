package io.rankkeeper.config;

import java.time.Duration;

/**
 * The {@code http:} section, defaults filled in. Immutable.
 *
 * @param userAgent the User-Agent header, honest about who is asking
 * @param timeout the whole request, connect to last body byte
 * @param connectTimeout establishing the connection
 * @param maxConcurrency requests in flight across all hosts
 * @param perHostConcurrency requests in flight to one host (at most {@code maxConcurrency})
 * @param perHostDelay minimum time between request starts to one host
 * @param retries extra attempts after a failed one (0 to {@value #MAX_RETRIES})
 * @param maxBodySize largest body read, in bytes
 * @param robotsTxt whether robots.txt is obeyed (groups may override)
 */
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

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONCURRENCY = 64;
    public static final int DEFAULT_PER_HOST_CONCURRENCY = 2;
    public static final Duration DEFAULT_PER_HOST_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_RETRIES = 3;
    public static final int MAX_RETRIES = 10;
    /** In bytes: 10 MiB, far above a real product page (about 1 MB) and far below trouble. */
    public static final long DEFAULT_MAX_BODY_SIZE_BYTES = 10L * 1024 * 1024;
    /** In bytes: bodies are held in memory, so one array's worth at most. */
    public static final long MAX_BODY_SIZE_LIMIT_BYTES = Integer.MAX_VALUE - 8L;
    public static final boolean DEFAULT_ROBOTS_TXT = true;
    /** Upper bound for maxConcurrency, to catch a stray digit before it opens thousands of sockets. */
    public static final int MAX_CONCURRENCY_LIMIT = 10_000;
    static final String PROJECT_URL = "https://github.com/rankkeeper/rankkeeper";

    /** {@code rankkeeper/<version> (+<project url>)}, version from the jar manifest or "dev". */
    public static String defaultUserAgent() {
        String version = HttpConfig.class.getPackage().getImplementationVersion();
        return "rankkeeper/" + (version == null ? "dev" : version) + " (+" + PROJECT_URL + ")";
    }

    /** The section as it is when the config leaves it out. */
    public static HttpConfig defaults() {
        return new HttpConfig(defaultUserAgent(), DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONCURRENCY,
                DEFAULT_PER_HOST_CONCURRENCY, DEFAULT_PER_HOST_DELAY, DEFAULT_RETRIES, DEFAULT_MAX_BODY_SIZE_BYTES,
                DEFAULT_ROBOTS_TXT);
    }
}
