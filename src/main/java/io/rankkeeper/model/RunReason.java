package io.rankkeeper.model;

/** Why a scrape run happened. */
public enum RunReason {
    /** Fired by the schedule at its time. */
    SCHEDULED,
    /** The one catch-up run after fires were missed during downtime. */
    CATCH_UP,
    /** Started by a user with the {@code run} command. */
    MANUAL
}
