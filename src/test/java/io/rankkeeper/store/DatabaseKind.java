package io.rankkeeper.store;

/** The databases every store test runs against. */
enum DatabaseKind {
    H2,
    POSTGRESQL
}
