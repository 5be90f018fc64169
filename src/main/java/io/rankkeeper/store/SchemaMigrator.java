package io.rankkeeper.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the version this binary knows, with Flyway, and refuses a database whose
 * schema is newer (Flyway's default would ignore such "future" migrations and carry on). Never
 * runs {@code repair} or {@code clean}.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    static void migrate(DataSource dataSource, Vendor vendor, String maskedUrl) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(vendor.migrationLocations())
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .load();
        try {
            refuseNewerSchema(flyway.info(), maskedUrl);
            int applied = flyway.migrate().migrationsExecuted;
            LOG.info("Database {} schema is current ({} migrations applied now)", maskedUrl, applied);
        } catch (StoreException e) {
            throw e;
        } catch (FlywayException e) {
            throw new StoreException("The schema of the database " + maskedUrl + " does not match the migrations"
                    + " of this rankkeeper version: " + e.getMessage() + ". The database was not repaired or"
                    + " changed; use the rankkeeper version that wrote it, or restore a backup.", e);
        }
    }

    private static void refuseNewerSchema(MigrationInfoService info, String maskedUrl) {
        MigrationVersion known = MigrationVersion.EMPTY;
        boolean future = false;
        for (MigrationInfo migration : info.all()) {
            MigrationState state = migration.getState();
            if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                future = true;
            } else if (state.isResolved() && migration.getVersion() != null
                    && migration.getVersion().isNewerThan(known)) {
                known = migration.getVersion();
            }
        }
        if (future) {
            MigrationInfo current = info.current();
            String databaseVersion = current == null ? "unknown" : current.getVersion().getVersion();
            throw new StoreException("The database " + maskedUrl + " has schema version " + databaseVersion
                    + ", newer than version " + known.getVersion() + " that this rankkeeper version knows."
                    + " It was written by a newer rankkeeper: upgrade rankkeeper. The database was left unchanged.");
        }
    }
}
