package io.rankkeeper.cli;

/** How a query command prints its rows: an aligned table for people, CSV or JSON for programs. */
enum OutputFormat {
    TABLE,
    CSV,
    JSON
}
