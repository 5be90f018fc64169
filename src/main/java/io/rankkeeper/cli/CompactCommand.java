package io.rankkeeper.cli;

import io.rankkeeper.config.DatabaseConfig;
import io.rankkeeper.store.Compaction;
import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code compact}: gives an embedded H2 file back the space its rows no longer use, now. The
 * daemon does it at its start when most of the file is wasted; this is for rankkeeper run from
 * cron, or before a backup.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Compacts the embedded H2 database file now: the rows in use are written into a new file, "
                + "which replaces the old one. H2 only appends, so the file grows while rankkeeper writes; the "
                + "daemon compacts it at its start when most of it is wasted space. Use this when rankkeeper runs "
                + "from cron (run) or before a backup. Refused while the daemon runs or another command has the "
                + "database open; PostgreSQL reuses space itself.")
final class CompactCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseConfig database = config.database();
        PrintWriter err = spec.commandLine().getErr();
        Compaction compaction;
        try {
            compaction = Store.compactNow(new DatabaseSettings(database.url(), database.user(), database.password()),
                    starting -> {
                        err.println(starting + "; commands started meanwhile wait for it.");
                        err.flush();
                    });
        } catch (IllegalArgumentException notH2File) {
            throw new UsageException("database.url " + database.displayUrl() + " is not an embedded H2 file;"
                    + " only those are compacted (PostgreSQL reuses the space of old rows itself, with autovacuum)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!compaction.compacted()) {
            err.println("Not compacted: " + compaction.why() + ". The file is unchanged ("
                    + Compaction.megabytes(compaction.bytesBefore()) + ").");
            err.flush();
            return ExitCodes.DATABASE;
        }
        out.printf(Locale.ROOT, "Compacted from %s to %s in %.1f s (H2 counted %d %% of the file in use before)%n",
                Compaction.megabytes(compaction.bytesBefore()), Compaction.megabytes(compaction.bytesAfter()),
                compaction.took().toMillis() / 1000.0, compaction.livePercent());
        out.flush();
        return ExitCodes.OK;
    }
}
