package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.config.HttpConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How many requests the engine lets be in flight for the heap it has. */
class ConcurrencyForHeapTest {

    private static final long MB = 1024 * 1024;

    private static HttpConfig http(int maxConcurrency, long maxBodySize) {
        return new HttpConfig("tester/1.0", Duration.ofSeconds(30), Duration.ofSeconds(10), maxConcurrency, 2,
                Duration.ofSeconds(1), 3, maxBodySize, true);
    }

    @Test
    void keepsTheConfiguredConcurrencyWhenTheHeapHoldsIt() {
        assertThat(Engine.concurrencyFor(1024 * MB, http(64, 10 * MB))).isEqualTo(64);
    }

    @Test
    void lowersTheConcurrencyToWhatASmallHeapHolds() {
        // Half of 128 MB, less two 10 MB bodies, at 2 MB a request.
        assertThat(Engine.concurrencyFor(128 * MB, http(64, 10 * MB))).isEqualTo(22);
        assertThat(Engine.concurrencyFor(256 * MB, http(64, 10 * MB))).isEqualTo(54);
    }

    @Test
    void neverGoesBelowTheMinimumNorAboveTheConfig() {
        assertThat(Engine.concurrencyFor(16 * MB, http(64, 10 * MB))).isEqualTo(Engine.MIN_CONCURRENCY);
        assertThat(Engine.concurrencyFor(16 * MB, http(2, 10 * MB))).isEqualTo(2);
    }

    @Test
    void theHeapItAsksForIsTheSmallestThatHoldsTheConfiguredConcurrency() {
        HttpConfig http = http(128, 10 * MB);
        // 128 in flight at 2 MB, two 10 MB bodies in reserve, twice over: 552 MB
        assertThat(Engine.heapFor(http)).isEqualTo(552 * MB);
        assertThat(Engine.concurrencyFor(Engine.heapFor(http), http)).isEqualTo(128);
        assertThat(Engine.concurrencyFor(Engine.heapFor(http) - 4 * MB, http)).isEqualTo(127);
    }
}
