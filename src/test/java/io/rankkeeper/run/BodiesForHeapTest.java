package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.config.HttpConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How many page bodies the engine lets be in memory at once for the heap it has. */
class BodiesForHeapTest {

    private static final long MB = 1024 * 1024;

    private static HttpConfig http(int maxConcurrency, long maxBodySize) {
        return new HttpConfig("tester/1.0", Duration.ofSeconds(30), Duration.ofSeconds(10), maxConcurrency, 2,
                Duration.ofSeconds(1), 3, maxBodySize, true);
    }

    @Test
    void holdsEveryPageWhenTheHeapHoldsThem() {
        assertThat(Engine.bodiesFor(1024 * MB, http(64, 10 * MB), 68)).isEqualTo(68);
    }

    @Test
    void holdsWhatASmallHeapHolds() {
        // Half of 128 MB, less two 10 MB bodies, at 2 MB a body.
        assertThat(Engine.bodiesFor(128 * MB, http(64, 10 * MB), 68)).isEqualTo(22);
        assertThat(Engine.bodiesFor(256 * MB, http(64, 10 * MB), 68)).isEqualTo(54);
    }

    @Test
    void neverGoesBelowTheMinimumNorAboveThePages() {
        assertThat(Engine.bodiesFor(16 * MB, http(64, 10 * MB), 68)).isEqualTo(Engine.MIN_BODIES);
        assertThat(Engine.bodiesFor(16 * MB, http(2, 10 * MB), 2)).isEqualTo(2);
    }

    @Test
    void theHeapItAsksForIsTheSmallestThatHoldsEveryPage() {
        HttpConfig http = http(128, 10 * MB);
        // 132 pages at 2 MB, two 10 MB bodies in reserve, twice over: 568 MB
        assertThat(Engine.heapFor(http, 132)).isEqualTo(568 * MB);
        assertThat(Engine.bodiesFor(Engine.heapFor(http, 132), http, 132)).isEqualTo(132);
        assertThat(Engine.bodiesFor(Engine.heapFor(http, 132) - 4 * MB, http, 132)).isEqualTo(131);
    }

    private static final long PER_TARGET = Engine.HEAP_PER_TARGET;

    @Test
    void theTargetsKeepTheirShareOfTheHeapBeforePagesGetTheirs() {
        // up to 16,000 targets fit in the share the bodies leave to the rest of the program
        assertThat(Engine.pagesHeap(128 * MB, 3, PER_TARGET)).isEqualTo(128 * MB);
        assertThat(Engine.pagesHeap(128 * MB, 16_384, PER_TARGET)).isEqualTo(128 * MB);
        assertThat(Engine.pagesHeap(128 * MB, 16_385, PER_TARGET)).isEqualTo(128 * MB - Engine.HEAP_PER_TARGET);
        // 100,000 targets keep about 98 MB of 128: pages get the minimum, and a 1 GB heap holds every one
        assertThat(Engine.pagesHeap(128 * MB, 100_000, PER_TARGET))
                .isEqualTo(128 * MB - (100_000 * Engine.HEAP_PER_TARGET - Engine.TARGETS_HEAP_IN_RESERVE));
        assertThat(Engine.bodiesFor(Engine.pagesHeap(128 * MB, 100_000, PER_TARGET), http(64, 10 * MB), 68))
                .isEqualTo(Engine.MIN_BODIES);
        assertThat(Engine.bodiesFor(Engine.pagesHeap(1024 * MB, 100_000, PER_TARGET), http(64, 10 * MB), 68)).isEqualTo(68);
        // more targets than the heap could keep: nothing left, not a negative size
        assertThat(Engine.pagesHeap(64 * MB, 100_000, PER_TARGET)).isZero();
    }

    @Test
    void whatACallerKeepsPerTargetCountsToo() {
        // run's summary rows: 100,000 targets at -Xmx225m leave pages 48 MB less
        long withRows = PER_TARGET + 512;
        assertThat(Engine.pagesHeap(225 * MB, 100_000, PER_TARGET) - Engine.pagesHeap(225 * MB, 100_000, withRows))
                .isEqualTo(100_000 * 512L);
        assertThat(Engine.pagesHeap(225 * MB, 100_000, withRows))
                .isEqualTo(225 * MB - (100_000 * withRows - Engine.TARGETS_HEAP_IN_RESERVE));
        assertThat(Engine.kilobytes(PER_TARGET)).isEqualTo("1");
        assertThat(Engine.kilobytes(withRows)).isEqualTo("1.5");
    }
}
