package io.rankkeeper.config;

/** What a group does about fires missed while the daemon was down. */
public enum CatchUp {
    /** Run once now, however many fires were missed. */
    ONCE,
    /** Wait for the next scheduled fire. */
    SKIP
}
