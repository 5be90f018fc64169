package io.rankkeeper.cli;

import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;

/**
 * Opens the config's database for the read-only commands: never creates a missing H2 file and
 * never syncs targets, so a query beside the running daemon changes nothing.
 */
final class QueryStore {

    private QueryStore() {
    }

    static Store open(DatabaseConfig database) {
        return Store.openExisting(new DatabaseSettings(database.url(), database.user(), database.password()));
    }
}
