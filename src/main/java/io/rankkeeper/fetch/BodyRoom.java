package io.rankkeeper.fetch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Room for page bodies in memory: at most {@code maxBodies} pages read or keep a body at once.
 * A request in flight holds a connection and waits for its answer, which costs next to nothing;
 * its body is read only once its page has room, and until then the answer waits in the socket
 * (TCP flow control holds back the server). So many requests may be in flight on a heap that
 * holds only a few pages: the bodies, not the requests, are what a heap has to hold.
 *
 * <p>A page keeps its room from its first body byte until {@link #release} (its bytes went back
 * to the pool, it follows a redirect, or it is about to try again) or {@link #pageDone},
 * whichever comes first. So a page never holds room while it waits for a request slot: an
 * answer holding that slot may be waiting for the room. Requests of no page (robots.txt) take
 * no room.
 * Thread-safe (one lock; a read that waited runs on the executor, outside the lock).
 */
final class BodyRoom {

    /** An answer whose body waits for room, and what reads it once it has room. */
    private record Waiter(PageHold page, Runnable read) {
    }

    private final int maxBodies;
    private final Executor executor;
    private final Object lock = new Object();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int held;
    private boolean closed;

    BodyRoom(int maxBodies, Executor executor) {
        this.maxBodies = Math.max(1, maxBodies);
        this.executor = executor;
    }

    /**
     * Runs {@code read} once {@code page} may keep a body in memory: at once (on this thread) when
     * it has room already or fewer than the most bodies are held, else when a page gives its room
     * back (on the executor). A page that is done, or a closed room, reads at once: its read only
     * lets go of what it holds.
     */
    void whenRoom(PageHold page, Runnable read) {
        if (!page.bodyHeld) {
            synchronized (lock) {
                if (!page.bodyHeld && !page.bodyDone && !closed) {
                    if (held >= maxBodies) {
                        waiters.add(new Waiter(page, read));
                        return;
                    }
                    page.bodyHeld = true;
                    held++;
                }
            }
        }
        read.run();
    }

    /** The page keeps no body in memory now: its room goes to the next answer waiting. */
    void release(PageHold page) {
        if (!page.bodyHeld) {
            return;
        }
        List<Runnable> reads = new ArrayList<>();
        synchronized (lock) {
            free(page, reads);
        }
        runAll(reads);
    }

    /**
     * The page is done: it gives its room back, and an answer of it still waiting (given up:
     * timed out, cancelled) is read at once, which only lets go of what it holds.
     */
    void pageDone(PageHold page) {
        List<Runnable> reads = new ArrayList<>();
        synchronized (lock) {
            page.bodyDone = true;
            waiters.removeIf(waiter -> waiter.page() == page && reads.add(waiter.read()));
            free(page, reads);
        }
        runAll(reads);
    }

    /** Pages holding room now. */
    int held() {
        synchronized (lock) {
            return held;
        }
    }

    /** Reads every waiting answer at once (the fetcher is closing); later answers read at once. */
    void close() {
        List<Runnable> reads = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            waiters.forEach(waiter -> reads.add(waiter.read()));
            waiters.clear();
        }
        reads.forEach(Runnable::run);
    }

    /** Under the lock: the page's room back, and to the answers waiting, whose reads go to {@code reads}. */
    private void free(PageHold page, List<Runnable> reads) {
        if (page.bodyHeld) {
            page.bodyHeld = false;
            held--;
        }
        while (held < maxBodies && !waiters.isEmpty()) {
            Waiter next = waiters.poll();
            if (!next.page().bodyHeld && !next.page().bodyDone) {
                next.page().bodyHeld = true;
                held++;
            }
            reads.add(next.read());
        }
    }

    /** Off the releasing thread: a read copies a piece of a body and asks Jetty for the rest. */
    private void runAll(List<Runnable> reads) {
        for (Runnable read : reads) {
            try {
                executor.execute(read);
            } catch (RejectedExecutionException e) {
                read.run(); // closing: the read only lets go of what it holds
            }
        }
    }
}
