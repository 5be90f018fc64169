package io.rankkeeper.fetch;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Collects a response body as it arrives, decompressing gzip or deflate on the fly, and stops
 * (cancelling the subscription, which closes the connection) as soon as the decompressed size
 * goes past the cap. It never holds more than cap + 1 body bytes, so a 50 MB page or a gzip
 * bomb costs at most the cap in memory and is not read to its end.
 *
 * <p>A body grows in one array up to {@link #CONTIGUOUS_LIMIT}; past that it goes on in pieces
 * of {@link #PIECE} bytes, joined into one array only when the whole body arrived under the cap.
 * So a body on its way to "too large" never needs a large contiguous array: several such bodies
 * at once cannot exhaust a small heap by fragmentation (G1 places arrays of half a region or
 * more in whole regions of their own).
 *
 * <p>Thread-safe: the client serialises the Flow calls, and {@link #abort()} may come from a
 * timer thread, so every entry point is synchronized.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<ReceivedBody> {

    /** How the body is encoded on the wire. */
    enum Encoding {
        IDENTITY, GZIP, DEFLATE;

        /** Unknown codings (br, compress) are read as they are: the page will not decode well. */
        static Encoding of(String contentEncoding) {
            String coding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
            return switch (coding) {
                case "gzip", "x-gzip" -> GZIP;
                case "deflate" -> DEFLATE;
                default -> IDENTITY;
            };
        }
    }

    private static final int INITIAL_BUFFER = 64 * 1024;
    static final int CONTIGUOUS_LIMIT = 2 * 1024 * 1024;
    static final int PIECE = 256 * 1024;
    private static final int COMPRESSION_GUESS = 8;
    /** A gzip header with a longer file name or extra field than this is not a web page. */
    private static final int MAX_GZIP_HEADER = 64 * 1024;
    private static final int HEADER_INCOMPLETE = -1;
    private static final int NOT_COMPRESSED = -2;
    private static final int MAX_STALLED_INFLATES = 3;
    /** Direct buffers the inflater reads from and writes to, one pair per thread (never held between calls). */
    private static final int SCRATCH = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH_IN = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH));
    private static final ThreadLocal<ByteBuffer> SCRATCH_OUT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH));

    private final int cap;
    private final BodyBuffers buffers;
    private final long contentLength;
    private final boolean keepPrefix;
    private final CompletableFuture<ReceivedBody> body = new CompletableFuture<>();
    private Encoding encoding;
    private Flow.Subscription subscription;
    private boolean done;
    /** The body's first part, at most {@link #CONTIGUOUS_LIMIT} bytes; then {@code pieces}. */
    private byte[] buffer;
    private List<byte[]> pieces;
    /** The array being written (buffer or the last piece) and how much of it is used. */
    private byte[] current;
    private int currentUsed;
    /** Body bytes held in all. */
    private int length;
    /**
     * The CRC-32C of the body bytes so far, taken from each piece just after it was copied,
     * while it is still in the CPU's cache: a pass over the whole page afterwards reads it
     * from memory again (measured: 8 % of a daemon's CPU per page).
     */
    private final CRC32C checksum = new CRC32C();
    private Inflater inflater;
    /** Bytes seen before the compressed stream's format is known (gzip header, zlib check). */
    private byte[] head;
    private int headLength;

    /**
     * @param cap the largest body accepted, in decompressed bytes
     * @param contentEncoding the Content-Encoding header, or null
     * @param contentLength the Content-Length header, or -1
     * @param keepPrefix read a body announced as too large up to the cap instead of not at all
     */
    CappedBodySubscriber(long cap, String contentEncoding, long contentLength, boolean keepPrefix) {
        this(cap, contentEncoding, contentLength, keepPrefix, BodyBuffers.none());
    }

    /** As above, taking the body array from {@code buffers}; its owner may give it back once read. */
    CappedBodySubscriber(long cap, String contentEncoding, long contentLength, boolean keepPrefix, BodyBuffers buffers) {
        this.buffers = buffers;
        this.keepPrefix = keepPrefix;
        this.cap = (int) Math.min(Math.max(cap, 0), Integer.MAX_VALUE - 16);
        this.encoding = Encoding.of(contentEncoding);
        this.contentLength = contentLength;
    }

    @Override
    public CompletionStage<ReceivedBody> getBody() {
        return body;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription newSubscription) {
        if (done || subscription != null) {
            newSubscription.cancel();
            return;
        }
        subscription = newSubscription;
        if (encoding == Encoding.IDENTITY && contentLength > cap && !keepPrefix) {
            // Announced as too large: do not read a single byte of it.
            stopTooLarge();
            return;
        }
        // Everything that arrives is copied or inflated at once into a buffer bounded by the
        // cap, so there is no need for finer flow control.
        newSubscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
        if (done) {
            return;
        }
        try {
            for (ByteBuffer item : items) {
                if (!accept(item)) {
                    return;
                }
            }
        } catch (DataFormatException | ZipException | RuntimeException e) {
            // RuntimeException: an Inflater ended under us by abort() is reported the same way.
            fail(new ZipException("corrupt " + encoding.name().toLowerCase(Locale.ROOT) + " body: " + e.getMessage()));
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        endInflater();
        body.completeExceptionally(error);
    }

    @Override
    public synchronized void onComplete() {
        if (done) {
            return;
        }
        if (head != null && headLength > 0) {
            // The body ended before its compression format could be recognised: keep it raw.
            encoding = Encoding.IDENTITY;
            if (!append(ByteBuffer.wrap(head, 0, headLength))) {
                return;
            }
        }
        done = true;
        endInflater();
        // A compressed stream cut short still yields what was inflated: a truncated page is
        // the extractor's business, not a transport failure.
        body.complete(buffer == null ? ReceivedBody.EMPTY
                : new ReceivedBody(joined(), length, false, length, checksum.getValue()));
    }

    /** Stops reading (the total timeout passed); the body future fails with a cancellation. */
    synchronized void abort() {
        if (done) {
            return;
        }
        done = true;
        if (subscription != null) {
            subscription.cancel();
        }
        endInflater();
        body.completeExceptionally(new CancellationException("body reading aborted"));
    }

    /** Returns false when reading must stop. */
    private boolean accept(ByteBuffer item) throws DataFormatException, ZipException {
        if (encoding == Encoding.IDENTITY) {
            return append(item);
        }
        if (inflater == null) {
            stash(item);
            int start = encoding == Encoding.GZIP ? gzipHeaderLength() : deflateStart();
            if (start == HEADER_INCOMPLETE) {
                return true;
            }
            ByteBuffer rest = ByteBuffer.wrap(head, Math.max(start, 0), headLength - Math.max(start, 0));
            head = null;
            headLength = 0;
            if (start == NOT_COMPRESSED) {
                // Servers do label plain bodies as gzip; a browser shows them, so do we.
                encoding = Encoding.IDENTITY;
                return append(rest);
            }
            return inflate(rest);
        }
        return inflate(item);
    }

    private void stash(ByteBuffer item) throws ZipException {
        // Only bytes stashed before this piece count: a first piece may well hold the whole body.
        if (headLength > MAX_GZIP_HEADER) {
            throw new ZipException("compressed stream header too long");
        }
        int needed = headLength + item.remaining();
        if (head == null || head.length < needed) {
            byte[] larger = new byte[Math.max(needed, 64)];
            if (head != null) {
                System.arraycopy(head, 0, larger, 0, headLength);
            }
            head = larger;
        }
        int count = item.remaining();
        item.get(head, headLength, count);
        headLength = needed;
    }

    private int gzipHeaderLength() throws ZipException {
        if (headLength < 2) {
            return HEADER_INCOMPLETE;
        }
        if ((head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
            return NOT_COMPRESSED;
        }
        if (headLength < 10) {
            return HEADER_INCOMPLETE;
        }
        if (head[2] != 8) {
            throw new ZipException("unsupported gzip compression method " + head[2]);
        }
        int flags = head[3] & 0xff;
        int position = 10;
        if ((flags & 0x04) != 0) { // FEXTRA
            if (headLength < position + 2) {
                return HEADER_INCOMPLETE;
            }
            position += 2 + ((head[position] & 0xff) | (head[position + 1] & 0xff) << 8);
        }
        if ((flags & 0x08) != 0) { // FNAME
            position = afterZero(position);
        }
        if (position >= 0 && (flags & 0x10) != 0) { // FCOMMENT
            position = afterZero(position);
        }
        if (position >= 0 && (flags & 0x02) != 0) { // FHCRC
            position += 2;
        }
        if (position < 0 || position > headLength) {
            if (headLength > MAX_GZIP_HEADER) {
                throw new ZipException("gzip header too long");
            }
            return HEADER_INCOMPLETE;
        }
        inflater = new Inflater(true);
        return position;
    }

    private int afterZero(int from) {
        for (int i = from; i < headLength; i++) {
            if (head[i] == 0) {
                return i + 1;
            }
        }
        return HEADER_INCOMPLETE;
    }

    /** HTTP "deflate" should be zlib-wrapped, but some servers send raw deflate: accept both. */
    private int deflateStart() {
        if (headLength < 2) {
            return HEADER_INCOMPLETE;
        }
        int first = head[0] & 0xff;
        int second = head[1] & 0xff;
        boolean zlib = (first & 0x0f) == 8 && ((first << 8) | second) % 31 == 0;
        inflater = new Inflater(!zlib);
        return 0;
    }

    /**
     * Inflates {@code input} into the body. The inflater reads and writes direct buffers only:
     * with a Java array on either side, zlib runs inside a JNI critical region, which holds off
     * garbage collection, and on JDK 17 a thread that needs memory meanwhile can get an
     * OutOfMemoryError with most of the heap free (JDK-8192647). A 128 MB daemon inflating a
     * gzip bomb did, now and then. The copies cost about 40 microseconds per inflated megabyte.
     */
    private boolean inflate(ByteBuffer input) throws DataFormatException {
        if (inflater.finished()) {
            return true; // gzip trailer or trailing garbage after the stream
        }
        ByteBuffer in = input.isDirect() ? input : SCRATCH_IN.get();
        ByteBuffer out = SCRATCH_OUT.get();
        int stalled = 0;
        while (true) {
            if (in != input) {
                in.clear();
                int count = Math.min(in.capacity(), input.remaining());
                in.put(0, input, input.position(), count).limit(count);
                input.position(input.position() + count);
            }
            inflater.setInput(in);
            while (true) {
                int room = makeRoom();
                out.clear().limit(Math.min(room, out.capacity()));
                int produced = inflater.inflate(out);
                out.flip().get(current, currentUsed, produced);
                if (!took(produced)) {
                    return false;
                }
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("needs a preset dictionary");
                }
                if (inflater.finished()) {
                    return true;
                }
                if (inflater.needsInput()) {
                    break;
                }
                if (produced == 0 && ++stalled > MAX_STALLED_INFLATES) {
                    throw new DataFormatException("inflater made no progress");
                }
            }
            if (in == input || !input.hasRemaining()) {
                return true;
            }
        }
    }

    private boolean append(ByteBuffer item) {
        while (item.hasRemaining()) {
            int room = makeRoom();
            int count = Math.min(room, item.remaining());
            item.get(current, currentUsed, count);
            if (!took(count)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts {@code count} bytes just written into {@code current} at {@code currentUsed}, and
     * hashes them while they are in the cache. Returns false, having stopped reading, when the
     * body went past the cap.
     */
    private boolean took(int count) {
        checksum.update(current, currentUsed, count);
        currentUsed += count;
        length += count;
        if (length > cap) {
            stopTooLarge();
            return false;
        }
        return true;
    }

    /**
     * Makes room for more body bytes (never past cap + 1 in all) and returns the free room in
     * {@code current}, at least one byte.
     */
    private int makeRoom() {
        int limit = cap + 1;
        if (buffer == null) {
            long first;
            if (contentLength > 0 && encoding == Encoding.IDENTITY) {
                first = contentLength + 1; // exact: no growing copies
            } else if (contentLength > 0) {
                // HTML inflates about 5 to 10 times; starting near the end size saves the
                // copies and large short-lived arrays of many doublings.
                first = Math.min(contentLength, limit) * COMPRESSION_GUESS;
            } else {
                first = INITIAL_BUFFER;
            }
            buffer = buffers.take((int) Math.max(1, Math.min(Math.min(first, limit), CONTIGUOUS_LIMIT)));
            current = buffer;
        } else if (currentUsed >= usable(current)) {
            if (current == buffer && buffer.length < CONTIGUOUS_LIMIT && buffer.length < limit) {
                byte[] larger = buffers.take((int) Math.min(Math.min((long) buffer.length * 2, limit), CONTIGUOUS_LIMIT));
                System.arraycopy(buffer, 0, larger, 0, currentUsed);
                buffers.give(buffer);
                buffer = larger;
                current = larger;
            } else {
                if (pieces == null) {
                    pieces = new ArrayList<>();
                }
                current = new byte[PIECE];
                pieces.add(current);
                currentUsed = 0;
            }
        }
        return Math.min(usable(current) - currentUsed, limit - length);
    }

    /** The room of an array: a pooled head may be longer than asked for, but holds at most {@link #CONTIGUOUS_LIMIT}. */
    private int usable(byte[] array) {
        return array == buffer ? Math.min(buffer.length, CONTIGUOUS_LIMIT) : array.length;
    }

    /** The whole body in one array: the head itself, or the head and the pieces joined once. */
    private byte[] joined() {
        if (pieces == null) {
            return buffer;
        }
        byte[] whole = buffers.take(length);
        int headLength = length - pieceBytes();
        System.arraycopy(buffer, 0, whole, 0, headLength);
        int at = headLength;
        for (int index = 0; index < pieces.size(); index++) {
            byte[] piece = pieces.get(index);
            int count = index == pieces.size() - 1 ? currentUsed : piece.length;
            System.arraycopy(piece, 0, whole, at, count);
            at += count;
        }
        buffers.give(buffer);
        buffer = whole;
        pieces = null;
        return whole;
    }

    private int pieceBytes() {
        return (pieces.size() - 1) * PIECE + currentUsed; // every piece but the last is full
    }

    private void stopTooLarge() {
        done = true;
        subscription.cancel();
        endInflater();
        // only the head is kept: a body too large is not read as a page (robots.txt reads a prefix)
        int kept = buffer == null ? 0 : pieces == null ? length : length - pieceBytes();
        pieces = null;
        body.complete(new ReceivedBody(buffer == null ? new byte[0] : buffer, Math.min(kept, cap + 1), true,
                Math.min(length, cap + 1), ReceivedBody.NO_CRC));
    }

    private void fail(Exception error) {
        done = true;
        if (subscription != null) {
            subscription.cancel();
        }
        endInflater();
        body.completeExceptionally(error);
    }

    private void endInflater() {
        if (inflater != null) {
            inflater.end(); // frees native memory at once instead of at garbage collection
        }
    }
}
