package io.rankkeeper.run;

import io.rankkeeper.extract.Extractor;
import io.rankkeeper.extract.Extractors;
import io.rankkeeper.fetch.Fetcher;
import io.rankkeeper.fetch.PageHold;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import io.rankkeeper.store.RunStart;
import io.rankkeeper.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scrape run: targets → fetcher (many requests in flight) → extraction on the worker pool →
 * batched store. Every attempt becomes exactly one stored observation. An interrupt stops new
 * attempts, waits a grace period for those in flight and records the run as interrupted.
 * One instance per run; not reusable.
 */
final class ScrapeRun {

    private static final Logger log = LoggerFactory.getLogger(ScrapeRun.class);

    private final Fetcher fetcher;
    private final Store store;
    private final Executor workers;
    private final Clock clock;
    private final String node;
    private final int window;
    private final Duration grace;
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final HostHealth hostHealth = new HostHealth();
    private boolean interruptedWhileStoring;
    /**
     * Set once the run stops taking results: a request still in flight after the grace period
     * is completed later (by the fetcher's close, or a late answer) and must not reach the
     * closed writer nor be logged as a failure.
     */
    private volatile boolean ended;

    ScrapeRun(Fetcher fetcher, Store store, Executor workers, Clock clock, String node, int window, Duration grace) {
        this.fetcher = fetcher;
        this.store = store;
        this.workers = workers;
        this.clock = clock;
        this.node = node;
        this.window = window;
        this.grace = grace;
    }

    RunResult execute(RunRequest request, RunListener listener) {
        Instant startedAt = clock.instant();
        long runId = store.startRun(new RunStart(request.group(), request.shard(), request.scheduledAt(), startedAt,
                node, request.reason(), request.targets().size()));
        log.info("Run {} of group '{}' started ({}, {} targets)", runId, request.group(),
                request.reason().name().toLowerCase(java.util.Locale.ROOT), request.targets().size());
        listener.started(request.group(), runId, request.targets().size());
        Extractor extractor = Extractors.create(request.extractor());
        ObservationBuilder builder = new ObservationBuilder(extractor, runId, request.scheduledAt(), clock);
        boolean complete;
        try (Store.ObservationWriter writer = store.openWriter()) {
            try {
                complete = attemptAll(request, builder, writer, listener);
            } finally {
                ended = true;
            }
            writer.flush();
        } finally {
            // An interrupted run still stores what came back: the flag waits until the books are closed.
            if (Thread.interrupted()) {
                interruptedWhileStoring = true;
            }
        }
        java.util.Optional<String> suspect = hostHealth.suspectReason();
        RunStatus status = !complete ? RunStatus.INTERRUPTED
                : suspect.isPresent() ? RunStatus.SUSPECT : RunStatus.COMPLETED;
        suspect.ifPresent(reason -> log.warn("Run {} of group '{}' is suspect: {}", runId, request.group(), reason));
        Instant endedAt = clock.instant();
        Map<Outcome, Integer> snapshot = snapshotCounts();
        store.finishRun(runId, endedAt, status, snapshot);
        RunResult result = new RunResult(runId, request.group(), status, snapshot, startedAt, endedAt,
                request.targets().size());
        log.info("Run {} of group '{}' {}: {} of {} targets in {} ms ({} pages/s), {}", runId, request.group(),
                status.name().toLowerCase(java.util.Locale.ROOT), result.attempted(), result.planned(),
                result.duration().toMillis(), String.format(java.util.Locale.ROOT, "%.1f", result.pagesPerSecond()),
                snapshot);
        listener.finished(result);
        if (interruptedWhileStoring) {
            Thread.currentThread().interrupt();
        } else {
            // in the background: the next run need not wait for it
            store.packHistoryLater();
        }
        return result;
    }

    /**
     * Returns true when every target was attempted and stored, false when interrupted before
     * that. An interrupt after the last target was sent still ends complete if every answer came
     * back within the grace period: nothing is missing from such a run.
     */
    private boolean attemptAll(RunRequest request, ObservationBuilder builder, Store.ObservationWriter writer,
            RunListener listener) {
        // The window bounds the targets started and not yet stored; the fetcher bounds their bodies.
        Semaphore slots = new Semaphore(window);
        int sent = 0;
        try {
            for (Target target : request.targets()) {
                slots.acquire();
                sent++;
                try {
                    attempt(target, request, builder, writer, listener)
                            .whenComplete((ignored, error) -> slots.release());
                } catch (RuntimeException error) {
                    // The fetcher promises a future for everything; this keeps a broken promise from losing the attempt.
                    record(target, builder.failed(target, error), writer, listener);
                    slots.release();
                }
            }
            slots.acquire(window);
            return true;
        } catch (InterruptedException interrupted) {
            log.warn("Run of group '{}' interrupted; waiting up to {} s for requests in flight", request.group(),
                    grace.toSeconds());
            boolean allAnswered = awaitInFlight(slots);
            interruptedWhileStoring = true;
            return allAnswered && sent == request.targets().size();
        }
    }

    private java.util.concurrent.CompletableFuture<Void> attempt(Target target, RunRequest request,
            ObservationBuilder builder, Store.ObservationWriter writer, RunListener listener) {
        // From its first request until it is stored a page holds memory: the fetcher bounds the
        // pages of all runs held at once.
        PageHold page = fetcher.newPage();
        return fetcher.fetch(target.url(), request.obeyRobots(), page)
                .thenApplyAsync(fetched -> builder.build(target, fetched), workers)
                .exceptionally(error -> {
                    if (ended) {
                        return null;
                    }
                    log.error("Target {} failed unexpectedly", target.key(), error);
                    return builder.failed(target, error);
                })
                .thenAccept(observation -> record(target, observation, writer, listener))
                .whenComplete((ignored, error) -> page.done());
    }

    private void record(Target target, Observation observation, Store.ObservationWriter writer, RunListener listener) {
        if (ended) {
            log.debug("{}: answered after its run ended; dropped", target.key());
            return;
        }
        try {
            writer.add(observation);
            synchronized (counts) {
                counts.merge(observation.outcome(), 1, Integer::sum);
            }
            hostHealth.record(target.host(), observation.outcome());
            if (observation.outcome() == Outcome.BLOCKED) {
                fetcher.reportBlocked(target.url());
            }
            log.debug("{}: {} {}", target.key(), observation.outcome(), observation.ranks());
            listener.observed(target, observation);
        } catch (RuntimeException error) {
            log.error("Could not store the observation of {}", target.key(), error);
        }
    }

    /** Returns true when every request in flight has been answered and recorded within the grace period. */
    private boolean awaitInFlight(Semaphore slots) {
        try {
            if (slots.tryAcquire(window, grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            log.warn("Requests still in flight after the {} s grace period; their results are dropped",
                    grace.toSeconds());
        } catch (InterruptedException again) {
            interruptedWhileStoring = true;
        }
        return false;
    }

    private Map<Outcome, Integer> snapshotCounts() {
        synchronized (counts) {
            return new EnumMap<>(counts);
        }
    }
}
