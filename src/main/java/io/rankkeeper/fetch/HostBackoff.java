package io.rankkeeper.fetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-host backoff: until when a host is left alone. Errors (network, timeout, 5xx, 429) back
 * off exponentially with jitter from a base, or as long as Retry-After says; anti-bot blocks
 * reported by the caller back off from one minute doubling up to an hour. A 2xx answer resets
 * the error count; the block count starts again once a host has had an hour of peace after its
 * last block backoff, because a robot check comes with HTTP 200 and cannot reset it.
 * Thread-safe.
 */
final class HostBackoff {

    static final Duration MAX_ERROR_BACKOFF = Duration.ofMinutes(15);
    static final Duration FIRST_BLOCK_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BLOCK_BACKOFF = Duration.ofHours(1);
    /** A Retry-After longer than this is read as this (a day): nobody means a year. */
    static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    private static final Duration BLOCK_MEMORY = Duration.ofHours(1);

    private record State(Instant until, int failures, int blocks, Instant lastBlockUntil) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration errorBase;

    HostBackoff(Clock clock, Duration errorBase) {
        this.clock = clock;
        this.errorBase = errorBase;
    }

    /** The end of the host's backoff, or null when it is not backed off now. */
    Instant until(String host) {
        State state = states.get(host);
        return state != null && state.until().isAfter(clock.instant()) ? state.until() : null;
    }

    /**
     * Records a failed attempt; backs the host off for {@code retryAfter} when given, else
     * exponentially. Returns the end of the host's backoff.
     */
    Instant recordFailure(String host, Duration retryAfter) {
        Instant now = clock.instant();
        State state = states.compute(host, (key, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            Duration wait = retryAfter != null ? min(retryAfter, MAX_RETRY_AFTER) : jittered(exponential(errorBase, failures, MAX_ERROR_BACKOFF));
            Instant until = later(old == null ? null : old.until(), now.plus(wait));
            return new State(until, failures, old == null ? 0 : old.blocks(), old == null ? null : old.lastBlockUntil());
        });
        return state.until();
    }

    /** Records a normal answer: the error count starts again. */
    void recordSuccess(String host) {
        Instant now = clock.instant();
        states.computeIfPresent(host, (key, old) -> {
            boolean idle = !old.until().isAfter(now)
                    && (old.lastBlockUntil() == null || now.isAfter(old.lastBlockUntil().plus(BLOCK_MEMORY)));
            return idle ? null : new State(old.until(), 0, old.blocks(), old.lastBlockUntil());
        });
    }

    /** Records an anti-bot page; returns the end of the host's backoff. */
    Instant recordBlocked(String host) {
        Instant now = clock.instant();
        State state = states.compute(host, (key, old) -> {
            boolean forgiven = old == null || old.lastBlockUntil() == null
                    || now.isAfter(old.lastBlockUntil().plus(BLOCK_MEMORY));
            int blocks = forgiven ? 1 : old.blocks() + 1;
            Instant blockUntil = now.plus(exponential(FIRST_BLOCK_BACKOFF, blocks, MAX_BLOCK_BACKOFF));
            Instant until = later(old == null ? null : old.until(), blockUntil);
            return new State(until, old == null ? 0 : old.failures(), blocks, blockUntil);
        });
        return state.until();
    }

    /** Hosts backed off now, with the end of each backoff, sorted by host. */
    Map<String, Instant> snapshot() {
        Instant now = clock.instant();
        Map<String, Instant> result = new TreeMap<>();
        states.forEach((host, state) -> {
            if (state.until().isAfter(now)) {
                result.put(host, state.until());
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** Seeds backoffs kept from an earlier process; an existing later end wins. */
    void restore(Map<String, Instant> backoffs) {
        backoffs.forEach((host, until) -> states.merge(host, new State(until, 0, 0, null),
                (old, restored) -> new State(later(old.until(), until), old.failures(), old.blocks(), old.lastBlockUntil())));
    }

    private static Duration exponential(Duration base, int count, Duration max) {
        int doublings = Math.min(Math.max(count - 1, 0), 30);
        Duration wait = base.multipliedBy(1L << doublings);
        return min(wait, max);
    }

    /** "Equal jitter": between half and all of the wait, so hosts do not retry in lockstep. */
    private static Duration jittered(Duration wait) {
        long nanos = wait.toNanos();
        return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
