package io.rankkeeper.store;

/** The databases every store test runs against. */
public enum DatabaseKind {
    H2,
    POSTGRESQL
}
