package io.rankkeeper.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One attempt at one target in one run, whatever happened. A failure carries no ranks.
 *
 * @param targetKey the target's config key
 * @param runId the {@code scrape_run} row this attempt belongs to
 * @param scheduledAt the run's scheduled fire time; (target, scheduledAt) is unique
 * @param observedAt when the attempt finished
 * @param outcome what happened
 * @param httpStatus the last HTTP status, or null when no response came
 * @param attempts HTTP requests made for this target (0 when not fetched)
 * @param duration time from the first request to the end of extraction
 * @param bytes body bytes received (after decompression)
 * @param finalUrl the URL after redirects, or null
 * @param bodyHash a hex hash of the body, or null when there was no body
 * @param extractor the extractor's name, or null when nothing was extracted
 * @param extractorVersion the extractor's version, 0 when nothing was extracted
 * @param marketplace the marketplace the categories belong to ("amazon.com")
 * @param title the page's item title, or null
 * @param detail a short human explanation, or null
 * @param ranks every rank read from the page; empty unless the outcome is OK
 */
public record Observation(
        String targetKey,
        long runId,
        Instant scheduledAt,
        Instant observedAt,
        Outcome outcome,
        Integer httpStatus,
        int attempts,
        Duration duration,
        long bytes,
        String finalUrl,
        String bodyHash,
        String extractor,
        int extractorVersion,
        String marketplace,
        String title,
        String detail,
        List<CategoryRank> ranks) {

    public static final int MAX_DETAIL_LENGTH = 1000;
    public static final int MAX_TITLE_LENGTH = 1000;

    public Observation {
        Objects.requireNonNull(targetKey, "targetKey");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        ranks = List.copyOf(ranks == null ? List.of() : ranks);
        if (outcome != Outcome.OK && !ranks.isEmpty()) {
            throw new IllegalArgumentException("a " + outcome + " observation cannot carry ranks");
        }
        if (outcome == Outcome.OK && ranks.isEmpty()) {
            throw new IllegalArgumentException("an OK observation needs at least one rank");
        }
        detail = truncate(detail, MAX_DETAIL_LENGTH);
        title = truncate(title, MAX_TITLE_LENGTH);
    }

    /** The main-category rank, or null when there is none. */
    public CategoryRank mainRank() {
        for (CategoryRank rank : ranks) {
            if (rank.main()) {
                return rank;
            }
        }
        return null;
    }

    private static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "\u2026";
    }
}
