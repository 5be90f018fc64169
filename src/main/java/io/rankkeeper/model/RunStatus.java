package io.rankkeeper.model;

/** The state of a scrape run as stored in {@code scrape_run.status}. */
public enum RunStatus {
    /** Started and not yet finished (or the process died; see {@link #INTERRUPTED}). */
    RUNNING,
    /** Every target was attempted and stored. */
    COMPLETED,
    /** The run stopped before every target was attempted (shutdown, crash, kill). */
    INTERRUPTED,
    /** Completed, but most targets of a host failed in a way that suggests blocking or a layout change. */
    SUSPECT
}
