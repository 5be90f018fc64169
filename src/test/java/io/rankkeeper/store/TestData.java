package io.rankkeeper.store;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Targets, runs and observations for store tests. */
final class TestData {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TestData() {
    }

    static Target target(String key) {
        return new Target(key, "books", URI.create("https://www.amazon.com/dp/" + key), "Label " + key, null);
    }

    static RunStart runStart(String group, Instant scheduledAt, String node) {
        return new RunStart(group, 0, scheduledAt, scheduledAt.plusSeconds(1), node, RunReason.SCHEDULED, 2);
    }

    static Observation ok(String targetKey, long runId, Instant scheduledAt, Instant observedAt, CategoryRank... ranks) {
        return new Observation(targetKey, runId, scheduledAt, observedAt, Outcome.OK, 200, 1, Duration.ofMillis(850),
                512_000, "https://www.amazon.com/dp/" + targetKey, "abc123", "amazon", 3, "amazon.com", "A title",
                null, List.of(ranks));
    }

    static Observation failed(String targetKey, long runId, Instant scheduledAt, Outcome outcome) {
        return new Observation(targetKey, runId, scheduledAt, scheduledAt.plusSeconds(2), outcome, 503, 3,
                Duration.ofSeconds(4), 2_000, null, null, null, 0, "amazon.com", null, "robot check", List.of());
    }

    static CategoryRank main(String category, String nodeId, long rank) {
        return new CategoryRank(category, nodeId, null, rank, true);
    }

    static CategoryRank sub(String category, String nodeId, long rank) {
        return new CategoryRank(category, nodeId, null, rank, false);
    }
}
