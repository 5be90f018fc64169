package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class CappedBodySubscriberTest {

    private static final byte[] TEXT = "Best Sellers Rank: #43,992 in Books (See Top 100 in Books)\n".repeat(50)
            .getBytes(StandardCharsets.UTF_8);

    private static final class RecordingSubscription implements Flow.Subscription {
        boolean cancelled;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void inflatesGzipArrivingOneByteAtATimeWithNameAndCommentInHeader() {
        byte[] gzip = gzipWithNameAndComment(TEXT);

        ReceivedBody body = feed(new CappedBodySubscriber(1_000_000, "gzip", -1, false), gzip, 1);

        assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(TEXT);
        assertThat(body.tooLarge()).isFalse();
    }

    @Test
    void inflatesZlibDeflateInSmallChunks() {
        ReceivedBody body = feed(new CappedBodySubscriber(1_000_000, "deflate", -1, false), FetcherTest.deflate(TEXT, false), 7);

        assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(TEXT);
    }

    @Test
    void stopsAndCancelsAtCapOnePastTheLimit() {
        RecordingSubscription subscription = new RecordingSubscription();
        CappedBodySubscriber subscriber = new CappedBodySubscriber(100, null, -1, false);
        subscriber.onSubscribe(subscription);
        subscriber.onNext(List.of(ByteBuffer.wrap(TEXT)));

        ReceivedBody body = subscriber.getBody().toCompletableFuture().join();

        assertThat(body.tooLarge()).isTrue();
        assertThat(body.length()).isEqualTo(101);
        assertThat(body.bytes().length).isLessThanOrEqualTo(101);
        assertThat(subscription.cancelled).isTrue();
    }

    @Test
    void keepsWhatArrivedWhenGzipStreamIsCutShort() {
        byte[] gzip = FetcherTest.gzip(TEXT);

        ReceivedBody body = feed(new CappedBodySubscriber(1_000_000, "gzip", -1, false), Arrays.copyOf(gzip, gzip.length / 2), 64);

        assertThat(body.tooLarge()).isFalse();
        assertThat(body.length()).isPositive().isLessThan(TEXT.length);
    }

    @Test
    void failsOnAbortSoTheCallerCanReportTimeout() {
        CappedBodySubscriber subscriber = new CappedBodySubscriber(1000, "gzip", -1, false);
        RecordingSubscription subscription = new RecordingSubscription();
        subscriber.onSubscribe(subscription);
        subscriber.onNext(List.of(ByteBuffer.wrap(Arrays.copyOf(FetcherTest.gzip(TEXT), 20))));

        subscriber.abort();

        assertThat(subscription.cancelled).isTrue();
        assertThatThrownBy(() -> subscriber.getBody().toCompletableFuture().join()).isInstanceOf(CancellationException.class);
    }

    @Test
    void bodyLargerThanOneArrayStepArrivesWholeInOrder() {
        byte[] page = pseudoRandom(CappedBodySubscriber.CONTIGUOUS_LIMIT * 2 + 12_345);

        ReceivedBody chunked = feed(new CappedBodySubscriber(10_000_000, null, -1, false), page, 60_000);
        ReceivedBody announced = feed(new CappedBodySubscriber(10_000_000, null, page.length, false), page, 65_536);
        ReceivedBody gzipped = feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), FetcherTest.gzip(page), 16_384);

        for (ReceivedBody body : List.of(chunked, announced, gzipped)) {
            assertThat(body.tooLarge()).isFalse();
            assertThat(body.length()).isEqualTo(page.length);
            assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(page);
        }
    }

    @Test
    void bodyPastTheCapKeepsOnlyItsFirstArrayButCountsWhatArrived() {
        int cap = CappedBodySubscriber.CONTIGUOUS_LIMIT * 3;
        byte[] huge = pseudoRandom(cap * 2);
        RecordingSubscription subscription = new RecordingSubscription();
        CappedBodySubscriber subscriber = new CappedBodySubscriber(cap, null, -1, false);
        subscriber.onSubscribe(subscription);
        for (int offset = 0; offset < huge.length && !subscription.cancelled; offset += 100_000) {
            subscriber.onNext(List.of(ByteBuffer.wrap(huge, offset, Math.min(100_000, huge.length - offset))));
        }

        ReceivedBody body = subscriber.getBody().toCompletableFuture().join();

        assertThat(subscription.cancelled).isTrue();
        assertThat(body.tooLarge()).isTrue();
        assertThat(body.seen()).isEqualTo(cap + 1);
        assertThat(body.length()).isEqualTo(CappedBodySubscriber.CONTIGUOUS_LIMIT);
        assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(Arrays.copyOf(huge, body.length()));
    }

    @Test
    void inflatesFromHeapPiecesLargerThanItsScratchBufferAndFromDirectBuffers() {
        // Compressible like a page, and in pieces larger than the 64 KB the inflater reads at a time.
        byte[] page = ("<div class=\"noise\">" + "x".repeat(40) + "</div>\n").repeat(30_000).getBytes(StandardCharsets.US_ASCII);
        byte[] gzip = FetcherTest.gzip(page);
        byte[] incompressible = FetcherTest.gzip(pseudoRandom(300_000));

        ReceivedBody fromHeap = feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), gzip, gzip.length);
        ReceivedBody fromDirect = feedDirect(new CappedBodySubscriber(10_000_000, "gzip", -1, false), gzip, 100_000);
        ReceivedBody randomFromHeap = feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), incompressible, 200_000);

        assertThat(Arrays.copyOf(fromHeap.bytes(), fromHeap.length())).isEqualTo(page);
        assertThat(Arrays.copyOf(fromDirect.bytes(), fromDirect.length())).isEqualTo(page);
        assertThat(Arrays.copyOf(randomFromHeap.bytes(), randomFromHeap.length())).isEqualTo(pseudoRandom(300_000));
    }

    @Test
    void hashTakenWhileBytesArriveIsTheHashOfTheWholeBody() {
        byte[] page = pseudoRandom(CappedBodySubscriber.CONTIGUOUS_LIMIT + 300_000); // past the head: in pieces
        byte[] small = "<html>short</html>".getBytes(StandardCharsets.US_ASCII);
        List<ReceivedBody> bodies = List.of(
                feed(new CappedBodySubscriber(10_000_000, null, -1, false), page, 60_000),
                feed(new CappedBodySubscriber(10_000_000, null, page.length, false), page, 65_536),
                feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), FetcherTest.gzip(page), 16_384),
                feed(new CappedBodySubscriber(10_000_000, "deflate", -1, false), FetcherTest.deflate(TEXT, false), 7),
                // labelled gzip but plain: read raw, and one that ends before its format was known
                feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), small, 5),
                feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), new byte[] {0x1f}, 1));

        for (ReceivedBody body : bodies) {
            assertThat(body.crc32c()).isNotEqualTo(ReceivedBody.NO_CRC);
            assertThat(body.hash()).isEqualTo(PageText.hash(body.bytes(), body.length()));
        }
        assertThat(bodies.get(0).hash()).isEqualTo(PageText.hash(page, page.length));
        assertThat(bodies.get(4).hash()).isEqualTo(PageText.hash(small, small.length));
    }

    @Test
    void bodyTooLargeIsHashedFromWhatItKept() {
        byte[] page = pseudoRandom(CappedBodySubscriber.CONTIGUOUS_LIMIT + 300_000);

        ReceivedBody body = feed(new CappedBodySubscriber(CappedBodySubscriber.CONTIGUOUS_LIMIT + 1_000, null, -1, true),
                page, 60_000);

        assertThat(body.tooLarge()).isTrue();
        assertThat(body.crc32c()).isEqualTo(ReceivedBody.NO_CRC);
        assertThat(body.hash()).isEqualTo(PageText.hash(body.bytes(), body.length()));
    }

    @Test
    void failsOnAGzipHeaderThatNeverEnds() {
        ByteArrayOutputStream endless = new ByteArrayOutputStream();
        endless.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3}); // FNAME, never terminated
        endless.writeBytes("n".repeat(300_000).getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> feed(new CappedBodySubscriber(10_000_000, "gzip", -1, false), endless.toByteArray(), 16_384))
                .hasMessageContaining("header too long");
    }

    private static ReceivedBody feedDirect(CappedBodySubscriber subscriber, byte[] data, int chunkSize) {
        subscriber.onSubscribe(new RecordingSubscription());
        for (int offset = 0; offset < data.length; offset += chunkSize) {
            int end = Math.min(data.length, offset + chunkSize);
            ByteBuffer direct = ByteBuffer.allocateDirect(end - offset);
            direct.put(data, offset, end - offset).flip();
            subscriber.onNext(List.of(direct));
        }
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    private static byte[] pseudoRandom(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        return bytes;
    }

    private static ReceivedBody feed(CappedBodySubscriber subscriber, byte[] data, int chunkSize) {
        subscriber.onSubscribe(new RecordingSubscription());
        for (int offset = 0; offset < data.length; offset += chunkSize) {
            int end = Math.min(data.length, offset + chunkSize);
            subscriber.onNext(List.of(ByteBuffer.wrap(Arrays.copyOfRange(data, offset, end))));
        }
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    /** GZIPOutputStream writes no optional fields; build a header with FNAME and FCOMMENT. */
    private static byte[] gzipWithNameAndComment(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x08 | 0x10, 0, 0, 0, 0, 0, 3});
        out.writeBytes("page.html\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            deflater.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteBuffer trailer = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue()).putInt(data.length);
        byte[] result = out.toByteArray();
        byte[] all = Arrays.copyOf(result, result.length + 8);
        System.arraycopy(trailer.array(), 0, all, result.length, 8);
        return all;
    }
}
