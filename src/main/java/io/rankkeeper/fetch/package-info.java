/**
 * Fetching pages politely. {@link io.rankkeeper.fetch.Fetcher} is the only entry point: it
 * turns a URL into a {@link io.rankkeeper.fetch.FetchResult}, never an exception.
 *
 * <p>Inside: {@code PoliteGate} (global and per-host concurrency, per-host delay, backoff,
 * all without a waiting thread), {@code RedirectFollower} (one attempt, hop by hop through the
 * gate), {@code Exchanger} (one GET under a total timeout), {@code CappedBodySubscriber}
 * (streaming gzip/deflate with a size cap), {@code PageText} (charset, decoding once, CRC32C
 * fingerprint), {@code HostBackoff}, {@code RetryAfter} and {@code RobotsRules}.
 */
package io.rankkeeper.fetch;
