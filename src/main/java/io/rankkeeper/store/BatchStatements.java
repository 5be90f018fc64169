package io.rankkeeper.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The writes of one batch of observations on one database, in the batch's transaction:
 * {@link ObservationWrites} on H2, {@link PostgresqlWrites} on PostgreSQL. Stateless; the caller
 * owns the connection.
 */
interface BatchStatements {

    /** Per row: 1 when inserted, 0 when (target, scheduled_at) was already stored. */
    int[] insertObservations(Connection connection, List<ObservationWrites.ObservationRow> rows) throws SQLException;

    void insertRanks(Connection connection, List<ObservationWrites.RankRow> rows) throws SQLException;

    /**
     * Moves each (target, category)'s latest rank to the row given when that is newer, or inserts
     * it; {@code rows} holds one per (target, category), in key order, so that two writers lock
     * shared entries in the same order.
     */
    void advanceLatest(Connection connection, List<ObservationWrites.RankRow> rows) throws SQLException;
}
