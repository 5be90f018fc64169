package io.rankkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A scenario's warm-up: rounds until the JIT compiler has little left to do, five at most. */
class FetchScenarioWarmupTest {

    /** A JVM whose rounds each take 100 ms of CPU, of which the JIT compiler takes the given shares in turn. */
    private static final class Jvm {
        final AtomicLong cpu = new AtomicLong();
        final AtomicLong jit = new AtomicLong();
        final double[] jitShares;
        int rounds;

        Jvm(double... jitShares) {
            this.jitShares = jitShares;
        }

        void round() {
            long roundCpu = 100_000_000L;
            cpu.addAndGet(roundCpu);
            jit.addAndGet((long) (jitShares[Math.min(rounds, jitShares.length - 1)] * roundCpu));
            rounds++;
        }

        int warmUp() {
            return FetchScenario.warmUpRounds(this::round, jit::get, cpu::get);
        }
    }

    @Test
    void stopsAfterTheFirstRoundInWhichTheCompilerTookATenthOrLess() {
        Jvm jvm = new Jvm(0.40, 0.25, 0.10, 0.30);

        assertThat(jvm.warmUp()).isEqualTo(3);
        assertThat(jvm.rounds).isEqualTo(3);
    }

    @Test
    void oneRoundIsEnoughWhenTheCompilerIsAlreadyQuiet() {
        Jvm jvm = new Jvm(0.02);

        assertThat(jvm.warmUp()).isEqualTo(1);
    }

    @Test
    void stopsAtFiveRoundsWhileTheCompilerIsStillBusy() {
        Jvm jvm = new Jvm(0.50);

        assertThat(jvm.warmUp()).isEqualTo(FetchScenario.MAX_WARMUP_ROUNDS).isEqualTo(5);
        assertThat(jvm.rounds).isEqualTo(5);
    }

    @Test
    void runsOnceWhenTheCompilersTimeCannotBeRead() {
        Jvm jvm = new Jvm(0.50);

        int rounds = FetchScenario.warmUpRounds(jvm::round, () -> -1, jvm.cpu::get);

        assertThat(rounds).isEqualTo(1);
        assertThat(jvm.rounds).isEqualTo(1);
    }
}
