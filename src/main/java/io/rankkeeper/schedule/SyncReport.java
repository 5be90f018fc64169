package io.rankkeeper.schedule;

/** What a schedule sync changed: jobs created, rescheduled and removed. */
public record SyncReport(int created, int changed, int removed) {
}
