package io.rankkeeper.fetch;

/**
 * One page a caller fetches and then keeps in memory until it is done with it (extracted and
 * stored). The fetcher starts a page's first request only while fewer than its most pages are
 * held (see {@link Fetcher#newPage()}), so fetched pages never pile up faster than they are
 * used; and it reads a page's answer only while fewer than its most bodies are in memory, so
 * requests in flight cost no body until their answer may be read. Call {@link #done()} once
 * the page is no longer needed, whatever the fetch returned; a second call does nothing.
 * Thread-safe.
 */
public final class PageHold {

    private final PoliteGate gate;
    private final BodyRoom bodyRoom;
    /** Guarded by the gate's lock: the page takes room (its first request was granted). */
    boolean held;
    /** Guarded by the gate's lock: done was called; a later request takes no room. */
    boolean done;
    /**
     * Written under the body room's lock, read without it on every piece of a body: the page may
     * keep a body in memory (its answer is being read, or waits for its caller as bytes).
     */
    volatile boolean bodyHeld;
    /** Guarded by the body room's lock: done was called; an answer of it takes no body room. */
    boolean bodyDone;

    PageHold(PoliteGate gate, BodyRoom bodyRoom) {
        this.gate = gate;
        this.bodyRoom = bodyRoom;
    }

    /** The page no longer takes room: requests and answers waiting for room may go on. */
    public void done() {
        gate.pageDone(this);
        bodyRoom.pageDone(this);
    }

    /** The page keeps no body in memory any more: the next answer waiting for body room may be read. */
    void releaseBody() {
        bodyRoom.release(this);
    }

    /** Runs {@code read} once this page may keep a body in memory (see {@link BodyRoom#whenRoom}). */
    void whenBodyRoom(Runnable read) {
        bodyRoom.whenRoom(this, read);
    }
}
