package io.rankkeeper.fetch;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches pages politely: per-host concurrency and delay, retries with backoff, Retry-After,
 * robots.txt, a size cap, decompression. Many requests in flight without a thread each.
 * Thread-safe; one per process, its per-host state outlives a run.
 */
public final class Fetcher implements AutoCloseable {

    public Fetcher(FetchSettings settings) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Fetches {@code url}; the future never completes exceptionally. */
    public CompletableFuture<FetchResult> fetch(URI url, boolean obeyRobots) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Tells the fetcher that a page of this host was an anti-bot page: back the host off. */
    public void reportBlocked(URI url) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Hosts in backoff now, with the time their backoff ends. */
    public Map<String, Instant> hostsInBackoff() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
    }
}
