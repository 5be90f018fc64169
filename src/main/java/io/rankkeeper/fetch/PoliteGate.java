package io.rankkeeper.fetch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Decides when a request may start: at most {@code maxConcurrency} in flight in total, at most
 * {@code perHostConcurrency} per host, request starts to one host at least {@code perHostDelay}
 * apart (or the host's robots.txt crawl-delay, if longer), and not before the host's backoff
 * ends. Waiting requests are futures queued per host; no thread waits. A release or a timer
 * runs the dispatcher, which hands free global slots round-robin to hosts that may start now,
 * so a slow or backed-off host never holds a global slot for requests that cannot go yet.
 *
 * <p>A request may belong to a {@link PageHold}: a page its caller keeps in memory from its
 * first request until it says {@link PageHold#done}. At most {@code maxConcurrency +
 * queuedPages} pages are held at once; a page's first request waits for room, its retries and
 * redirects do not. So the pages in memory stay bounded however many runs fetch at once, while
 * pages that merely wait for their host hold no room. (How many of them read or keep a body at
 * once is {@link BodyRoom}'s business.)
 * Thread-safe (one lock; futures are completed outside it, on the dispatching thread, or on the
 * executor when that thread is already starting one).
 */
final class PoliteGate {

    /** The right to one request; release it exactly when the request is over. */
    interface Permit {
        void release();
    }

    private static final int SWEEP_THRESHOLD = 1024;
    /** Whether this thread is starting a granted request now (see {@link #startHere}). */
    private static final ThreadLocal<Boolean> GRANTING = ThreadLocal.withInitial(() -> false);

    private static final class HostQueue {
        final String host;
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        int inFlight;
        long nextStartNanos = Long.MIN_VALUE;
        boolean queued; // present in hostsWaiting

        HostQueue(String host) {
            this.host = host;
        }
    }

    /** A request waiting for its permit, and the page it belongs to (or null). */
    private record Waiter(CompletableFuture<Permit> permit, PageHold page) {
    }

    private final int maxConcurrency;
    private final int maxPages;
    private final int perHostConcurrency;
    private final long perHostDelayNanos;
    private final Function<String, Instant> backoffUntil;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Map<String, Long> delayFloorNanos = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Map<String, HostQueue> hosts = new HashMap<>();
    private final ArrayDeque<HostQueue> hostsWaiting = new ArrayDeque<>();
    private int inFlight;
    private int heldPages;
    private long wakeupAtNanos = Long.MAX_VALUE;
    private boolean closed;

    /** @param queuedPages pages held beyond {@code maxConcurrency} (fetched, waiting for their caller) */
    PoliteGate(int maxConcurrency, int queuedPages, int perHostConcurrency, Duration perHostDelay,
            Function<String, Instant> backoffUntil, Executor executor, ScheduledExecutorService timer) {
        this.maxConcurrency = Math.max(1, maxConcurrency);
        this.maxPages = this.maxConcurrency + Math.max(0, queuedPages);
        this.perHostConcurrency = Math.max(1, perHostConcurrency);
        this.perHostDelayNanos = Math.max(0, perHostDelay.toNanos());
        this.backoffUntil = backoffUntil;
        this.executor = executor;
        this.timer = timer;
    }

    /** A permit for one request to {@code host}, granted when politeness allows. */
    CompletableFuture<Permit> acquire(String host) {
        return acquire(host, null);
    }

    /**
     * As {@link #acquire(String)}, for a request of {@code page} (or null): the page's first
     * request also waits until fewer than the most pages are held, and from then on the page is
     * held until {@link PageHold#done}.
     */
    CompletableFuture<Permit> acquire(String host, PageHold page) {
        CompletableFuture<Permit> waiter = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                waiter.completeExceptionally(new IllegalStateException("fetcher closed"));
                return waiter;
            }
            HostQueue queue = hosts.computeIfAbsent(host, HostQueue::new);
            queue.waiting.add(new Waiter(waiter, page));
            if (!queue.queued) {
                queue.queued = true;
                hostsWaiting.add(queue);
            }
        }
        dispatch();
        return waiter;
    }

    /** See {@link PageHold#done}: the page no longer takes room; a second call does nothing. */
    void pageDone(PageHold page) {
        synchronized (lock) {
            if (page.done) {
                return;
            }
            page.done = true;
            if (page.held) {
                heldPages--;
            }
        }
        dispatch();
    }

    /** Pages held now. */
    int heldPages() {
        synchronized (lock) {
            return heldPages;
        }
    }

    /** Sets a minimum gap between request starts to {@code host} (robots.txt crawl-delay). */
    void setDelayFloor(String host, Duration delay) {
        delayFloorNanos.put(host, delay.toNanos());
    }

    /** Fails every waiting request; later acquires fail at once. */
    void close() {
        List<CompletableFuture<Permit>> failed = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (HostQueue queue : hosts.values()) {
                queue.waiting.forEach(waiter -> failed.add(waiter.permit()));
                queue.waiting.clear();
            }
            hostsWaiting.clear();
        }
        failed.forEach(waiter -> waiter.completeExceptionally(new IllegalStateException("fetcher closed")));
    }

    private void dispatch() {
        List<Runnable> grants = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            if (now >= wakeupAtNanos) {
                wakeupAtNanos = Long.MAX_VALUE;
            }
            long earliest = Long.MAX_VALUE;
            boolean progress = true;
            while (progress && inFlight < maxConcurrency && !hostsWaiting.isEmpty()) {
                progress = false;
                // One grant per host per round: fair across hosts.
                for (int round = hostsWaiting.size(); round > 0 && inFlight < maxConcurrency; round--) {
                    HostQueue queue = hostsWaiting.poll();
                    Waiter next = queue.inFlight < perHostConcurrency ? nextWithRoom(queue) : null;
                    if (next != null) {
                        long readyAt = readyAt(queue, now);
                        if (readyAt <= now) {
                            grants.add(grant(queue, next, now));
                            progress = true;
                        } else {
                            earliest = Math.min(earliest, readyAt);
                        }
                    }
                    if (queue.waiting.isEmpty()) {
                        queue.queued = false;
                    } else {
                        hostsWaiting.add(queue);
                    }
                }
            }
            scheduleWakeup(earliest, now);
            if (hosts.size() > SWEEP_THRESHOLD) {
                hosts.values().removeIf(queue -> queue.inFlight == 0 && queue.waiting.isEmpty() && queue.nextStartNanos <= now);
            }
        }
        grants.forEach(Runnable::run);
    }

    /**
     * Under the lock: the host's first waiter, or when no more pages may be held, its first
     * waiter that needs no room (a held page's retry or redirect, a request of no page), which
     * goes ahead of the new pages: they wait for a page to be done, and the page may be the one
     * that retries. Null when none may go.
     */
    private Waiter nextWithRoom(HostQueue queue) {
        if (heldPages < maxPages) {
            return queue.waiting.peek();
        }
        for (Waiter waiter : queue.waiting) {
            PageHold page = waiter.page();
            if (page == null || page.held || page.done) {
                return waiter;
            }
        }
        return null;
    }

    private long readyAt(HostQueue queue, long now) {
        long readyAt = queue.nextStartNanos;
        Instant until = backoffUntil.apply(queue.host);
        if (until != null) {
            long wait = Duration.between(Instant.now(), until).toNanos();
            readyAt = Math.max(readyAt, now + wait);
        }
        return readyAt;
    }

    private Runnable grant(HostQueue queue, Waiter next, long now) {
        queue.waiting.remove(next); // the first one found from the head: the head itself, mostly
        CompletableFuture<Permit> waiter = next.permit();
        PageHold page = next.page();
        if (page != null && !page.held && !page.done) {
            page.held = true;
            heldPages++;
        }
        queue.inFlight++;
        inFlight++;
        long delay = Math.max(perHostDelayNanos, delayFloorNanos.getOrDefault(queue.host, 0L));
        queue.nextStartNanos = now + delay;
        Permit permit = new HostPermit(queue);
        return () -> {
            Runnable start = () -> {
                if (!waiter.complete(permit)) {
                    permit.release();
                }
            };
            if (!GRANTING.get()) {
                startHere(start);
                return;
            }
            try {
                executor.execute(start);
            } catch (RejectedExecutionException e) {
                waiter.completeExceptionally(new IllegalStateException("fetcher closed", e));
                permit.release();
            }
        };
    }

    /**
     * Completes a granted waiter on this thread: its continuation starts the request here. Most
     * dispatches follow a request that just ended on one of the HTTP client's threads, and
     * handing each start to another thread cost a wake-up per page (async-profiler, 100 ms and 32
     * in flight: 25 us of CPU a page in the hand-off). Grants made while a start runs here (its
     * request failed at once and released its permit, say) go to the executor, so the stack
     * never grows with the requests started.
     */
    private static void startHere(Runnable start) {
        GRANTING.set(true);
        try {
            start.run();
        } finally {
            GRANTING.set(false);
        }
    }

    private void scheduleWakeup(long earliest, long now) {
        if (earliest == Long.MAX_VALUE || earliest >= wakeupAtNanos) {
            return;
        }
        wakeupAtNanos = earliest;
        try {
            timer.schedule(this::dispatch, earliest - now, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            wakeupAtNanos = Long.MAX_VALUE; // closing: the waiters are failed by close()
        }
    }

    private final class HostPermit implements Permit {
        private final HostQueue queue;
        private final AtomicBoolean released = new AtomicBoolean();

        HostPermit(HostQueue queue) {
            this.queue = queue;
        }

        @Override
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            synchronized (lock) {
                queue.inFlight--;
                inFlight--;
            }
            dispatch();
        }
    }
}
