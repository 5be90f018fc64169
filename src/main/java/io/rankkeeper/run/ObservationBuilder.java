package io.rankkeeper.run;

import io.rankkeeper.extract.Extraction;
import io.rankkeeper.extract.Extractor;
import io.rankkeeper.fetch.FetchResult;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.PageView;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns what the fetcher brought back into the one observation stored for the attempt: runs the
 * extractor on pages that answered, and tells anti-bot pages from other errors.
 */
final class ObservationBuilder {

    /** Rate limiting is anti-bot by definition: BLOCKED whatever the body says. */
    private static final int TOO_MANY_REQUESTS = 429;

    private final Extractor extractor;
    private final long runId;
    private final Instant scheduledAt;
    private final Clock clock;

    ObservationBuilder(Extractor extractor, long runId, Instant scheduledAt, Clock clock) {
        this.extractor = extractor;
        this.runId = runId;
        this.scheduledAt = scheduledAt;
        this.clock = clock;
    }

    /** The observation of {@code fetch}; afterwards the fetch no longer holds its body. */
    Observation build(Target target, FetchResult fetch) {
        try {
            return observe(target, fetch);
        } finally {
            fetch.discardBody();
        }
    }

    private Observation observe(Target target, FetchResult fetch) {
        long extractStart = System.nanoTime();
        Outcome outcome = fetch.outcome();
        String detail = fetch.detail();
        Extraction extraction = null;
        if (fetch.outcome() == Outcome.OK) {
            extraction = extract(target, fetch);
            outcome = extraction.outcome();
            detail = extraction.detail();
        } else if (fetch.outcome() == Outcome.HTTP_ERROR) {
            if (fetch.httpStatus() != null && fetch.httpStatus() == TOO_MANY_REQUESTS) {
                outcome = Outcome.BLOCKED;
                detail = "HTTP 429 Too Many Requests" + (detail == null ? "" : ": " + detail);
            } else if (fetch.body() != null && !fetch.body().isEmpty()) {
                Extraction errorPage = extract(target, fetch);
                if (errorPage.outcome() == Outcome.BLOCKED) {
                    extraction = errorPage;
                    outcome = Outcome.BLOCKED;
                    detail = "HTTP " + fetch.httpStatus() + ": " + errorPage.detail();
                }
            }
        }
        Duration duration = fetch.duration().plusNanos(System.nanoTime() - extractStart);
        return new Observation(
                target.key(),
                runId,
                scheduledAt,
                clock.instant(),
                outcome,
                fetch.httpStatus(),
                fetch.attempts(),
                duration,
                fetch.bytes(),
                fetch.finalUrl() == null ? null : fetch.finalUrl().toString(),
                fetch.bodyHash(),
                extraction == null ? null : extractor.name(),
                extraction == null ? 0 : extractor.version(),
                target.marketplace(),
                extraction == null ? null : extraction.title(),
                detail,
                extraction == null ? List.of() : extraction.ranks());
    }

    /** The attempt could not be completed for a reason nobody expected; it is still stored. */
    Observation failed(Target target, Throwable error) {
        return new Observation(target.key(), runId, scheduledAt, clock.instant(), Outcome.NETWORK_ERROR,
                null, 0, Duration.ZERO, 0, null, null, null, 0, target.marketplace(), null,
                "unexpected error: " + error, List.of());
    }

    private Extraction extract(Target target, FetchResult fetch) {
        URI pageUrl = fetch.finalUrl() == null ? target.url() : fetch.finalUrl();
        PageView view = extractor.readsParts() ? fetch.view() : null;
        if (view != null) {
            return extractor.extractView(view, pageUrl, target.itemId());
        }
        return extractor.extract(fetch.body() == null ? "" : fetch.body(), pageUrl, target.itemId());
    }
}
