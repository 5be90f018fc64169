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
    /** Guarded by the gate's lock: the page takes room (its first request was granted). */
    boolean held;
    /** Guarded by the gate's lock: done was called; a later request takes no room. */
    boolean done;
    /**
     * Written under the gate's lock, read without it on every piece of the body: the page may
     * keep a body in memory (its answer is being read, or waits for its caller as bytes).
     */
    volatile boolean bodyHeld;

    PageHold(PoliteGate gate) {
        this.gate = gate;
    }

    /** The page no longer takes room: requests waiting for room may start. */
    public void done() {
        gate.pageDone(this);
    }

    /** The page keeps no body in memory any more: the next answer waiting for body room may be read. */
    void bodyDone() {
        gate.bodyDone(this);
    }
}
