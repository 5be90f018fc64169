package io.rankkeeper.store;

import java.util.List;

/**
 * Receives the result of a {@link Store#query} as it is read, row by row, so that a large result
 * never sits in memory. Values are {@code null}, {@link String}, {@link Boolean}, a
 * {@link Number}, {@link java.time.Instant} (timestamps with a time zone), or the text of
 * anything else. Called on the caller's thread.
 */
public interface QueryRows {

    /** The column labels, once, before the first row. */
    void columns(List<String> labels);

    /** One row; return false to stop reading (the rest is not fetched). */
    boolean row(List<Object> values);
}
