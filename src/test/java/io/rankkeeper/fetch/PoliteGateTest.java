package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a granted request starts: on the thread whose release made room, without recursing. */
class PoliteGateTest {

    /** An executor that only queues: a test runs what was handed to it, when it likes. */
    private final Queue<Runnable> handedOff = new ArrayDeque<>();
    private final Executor queueing = handedOff::add;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    /** One request in flight at a time, no delay, no backoff. */
    private final PoliteGate gate = new PoliteGate(1, 0, 1, Duration.ZERO, host -> null, queueing, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aRequestWaitingForASlotStartsOnTheThreadThatReleasedIt() throws Exception {
        PoliteGate.Permit first = gate.acquire("a.example").getNow(null);
        assertThat(first).as("the first request starts at once, on the caller's thread").isNotNull();
        AtomicReference<Thread> startedOn = new AtomicReference<>();
        CompletableFuture<PoliteGate.Permit> second = gate.acquire("a.example");
        second.thenAccept(permit -> startedOn.set(Thread.currentThread()));
        assertThat(second).as("no slot yet").isNotDone();

        Thread releasing = new Thread(first::release, "releasing");
        releasing.start();
        releasing.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(second).isDone();
        assertThat(startedOn.get()).isSameAs(releasing);
        assertThat(handedOff).as("nothing handed to another thread").isEmpty();
    }

    @Test
    void aStartThatEndsAtOnceHandsTheNextOneToTheExecutorInsteadOfRecursing() {
        PoliteGate.Permit first = gate.acquire("a.example").getNow(null);
        // the second request fails as it starts: its permit comes back inside its own start
        CompletableFuture<PoliteGate.Permit> second = gate.acquire("a.example");
        second.thenAccept(PoliteGate.Permit::release);
        AtomicReference<Thread> thirdStartedOn = new AtomicReference<>();
        CompletableFuture<PoliteGate.Permit> third = gate.acquire("a.example");
        third.thenAccept(permit -> thirdStartedOn.set(Thread.currentThread()));

        first.release();

        assertThat(second).isDone();
        assertThat(third).as("handed off, not started inside the second one's start").isNotDone();
        assertThat(handedOff).hasSize(1);
        handedOff.poll().run();
        assertThat(third).isDone();
        assertThat(thirdStartedOn.get()).isSameAs(Thread.currentThread());
    }
}
