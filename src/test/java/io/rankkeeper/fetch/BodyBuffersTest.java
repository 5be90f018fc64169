package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBuffersTest {

    private static final long MB = 1024 * 1024;

    @Test
    void givesBackAnArrayForTheNextBodyOfItsSize() {
        BodyBuffers buffers = new BodyBuffers(8 * MB);
        byte[] first = buffers.take(500_000);
        assertThat(first.length).isGreaterThanOrEqualTo(500_000).isLessThan(500_000 + BodyBuffers.STEP);

        buffers.give(first);

        assertThat(buffers.idleBytes()).isEqualTo(first.length);
        assertThat(buffers.take(490_000)).isSameAs(first);
        assertThat(buffers.idleBytes()).isZero();
    }

    @Test
    void aSmallerBodyTakesAnyLargerIdleArrayBeforeAllocating() {
        BodyBuffers buffers = new BodyBuffers(8 * MB);
        byte[] large = buffers.take(1_100_000);
        buffers.give(large);

        byte[] small = buffers.take(400_000);

        assertThat(small).isSameAs(large);
        assertThat(buffers.idleBytes()).isZero();
        assertThat(buffers.take(400_000)).isNotSameAs(large).hasSizeLessThan(large.length);
    }

    @Test
    void keepsNoMoreIdleBytesThanItsBudgetNorHugeOrOddArrays() {
        BodyBuffers buffers = new BodyBuffers(MB);
        buffers.give(buffers.take((int) MB));
        buffers.give(buffers.take((int) MB)); // over the budget: left to the collector
        buffers.give(new byte[BodyBuffers.MAX_POOLED + BodyBuffers.STEP]);
        buffers.give(new byte[1000]);

        assertThat(buffers.idleBytes()).isEqualTo(MB);
        assertThat(BodyBuffers.none().idleBytes()).isZero();
        BodyBuffers.none().give(new byte[BodyBuffers.STEP]);
        assertThat(BodyBuffers.none().idleBytes()).isZero();
    }

    @Test
    void aVerySmallHeapKeepsNoBodiesForReuseALargerOneAQuarterOfIt() {
        // a JVM of less than 96 MB keeps none, whatever its pages get
        assertThat(Fetcher.idleBodyBytes(64 * MB, 64 * MB)).isZero();
        assertThat(Fetcher.idleBodyBytes(96 * MB - 1, 90 * MB)).isZero();
        // in a larger one, none when the targets leave pages less than 64 MB
        assertThat(Fetcher.idleBodyBytes(128 * MB, 48 * MB)).isZero();
        assertThat(Fetcher.idleBodyBytes(225 * MB, 64 * MB - 1)).isZero();
        // the 87 MB a 100,000-target run at -Xmx225m leaves its pages
        assertThat(Fetcher.idleBodyBytes(225 * MB, 87 * MB)).isEqualTo(87 * MB / 4);
        assertThat(Fetcher.idleBodyBytes(96 * MB, 96 * MB)).isEqualTo(24 * MB);
        assertThat(Fetcher.idleBodyBytes(128 * MB, 128 * MB)).isEqualTo(32 * MB);
        assertThat(Fetcher.idleBodyBytes(245 * MB, 245 * MB)).isEqualTo(245 * MB / 4);
        assertThat(Fetcher.idleBodyBytes(512 * MB, 512 * MB)).isEqualTo(128 * MB);
        assertThat(Fetcher.idleBodyBytes(6000 * MB, 6000 * MB)).isEqualTo(BodyBuffers.DEFAULT_MAX_IDLE_BYTES);
    }
}
