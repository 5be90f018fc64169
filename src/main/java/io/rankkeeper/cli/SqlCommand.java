package io.rankkeeper.cli;

import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.SqlRejectedException;
import io.rankkeeper.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sql}: one read-only query against the history database, printed as a table, CSV or
 * JSON. The read-only guarantee is the database's own (see {@link Store#query}); a statement
 * that would write is refused before it runs, with exit code 2.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs one read-only SQL query on the history database and prints the result.",
            "Statements that would write (INSERT, UPDATE, DELETE, DDL, SET, SCRIPT, sequences, ...) are refused "
                + "by the database's own checks and change nothing. Tables and views: see db/SCHEMA.md "
                + "(rank_history, latest_rank, daily_rank, observation, ...)."},
        footer = {"", "Examples:",
            "  rankkeeper sql \"SELECT outcome, COUNT(*) AS attempts FROM observation GROUP BY outcome\"",
            "  rankkeeper sql --format csv \"SELECT * FROM rank_history WHERE is_main\" > main.csv"})
final class SqlCommand implements Callable<Integer> {

    /** Rows shown by the table format unless --max-rows says otherwise. */
    static final long DEFAULT_TABLE_ROWS = 1_000;

    /** How the result is printed. */
    enum Format { TABLE, CSV, JSON }

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "QUERY", description = "One SELECT (or WITH, VALUES, TABLE, EXPLAIN, SHOW).")
    String query;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table, csv (RFC 4180) or json (an array of objects). Default: table.")
    Format format;

    @Option(names = "--max-rows", paramLabel = "N",
            description = "Print at most N rows, 0 for all (default: " + DEFAULT_TABLE_ROWS
                    + " for table, all for csv and json; csv and json stream, a table is held in memory).")
    Long maxRows;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxRows != null && maxRows < 0) {
            throw new UsageException("--max-rows must be 0 (all) or more, was " + maxRows);
        }
        long limit = maxRows != null ? maxRows : format == Format.TABLE ? DEFAULT_TABLE_ROWS : 0;
        DatabaseConfig database = config.database();
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = open(database)) {
            boolean truncated = switch (format) {
                case TABLE -> {
                    QueryTable table = new QueryTable(limit);
                    store.query(query, table);
                    table.print(out);
                    yield table.truncated();
                }
                case CSV -> {
                    QueryCsv csv = new QueryCsv(out, limit);
                    store.query(query, csv);
                    csv.finish();
                    yield csv.truncated();
                }
                case JSON -> {
                    QueryJson json = new QueryJson(out, limit);
                    store.query(query, json);
                    json.finish();
                    yield json.truncated();
                }
            };
            out.flush();
            if (truncated) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("note: only the first " + limit + " rows are shown; there are more"
                        + " (--max-rows N to show more, 0 for all; --format csv or json to stream them).");
                err.flush();
            }
        } catch (SqlRejectedException e) {
            throw new UsageException(e.getMessage());
        }
        return ExitCodes.OK;
    }

    static Store open(DatabaseConfig database) {
        return Store.open(new DatabaseSettings(database.url(), database.user(), database.password()));
    }
}
