package io.rankkeeper.store;

import io.rankkeeper.model.Outcome;
import java.time.Instant;

/**
 * One row of the long-format history: one (observation, category), or one row with no category
 * and no rank for an attempt that read no rank. Immutable.
 *
 * @param targetKey the target's stable key
 * @param label its label, or null
 * @param group its group
 * @param url the page fetched
 * @param observedAt when the attempt finished
 * @param runId the run it belongs to
 * @param outcome what happened
 * @param category the category name, or null when no rank was read
 * @param categoryNodeId the best-sellers node id, or null
 * @param marketplace the category's marketplace, or null
 * @param rank the rank, or null when no rank was read
 * @param main whether it is the main category's rank, or null
 * @param httpStatus the last HTTP status, or null when no response came
 * @param observationId the observation's id (rows come in observation id order)
 */
public record HistoryRow(String targetKey, String label, String group, String url, Instant observedAt, long runId,
        Outcome outcome, String category, String categoryNodeId, String marketplace, Long rank, Boolean main,
        Integer httpStatus, long observationId) {
}
