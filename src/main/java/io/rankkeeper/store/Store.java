package io.rankkeeper.store;

import io.rankkeeper.model.JdbcUrls;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rankkeeper.model.Observation;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RunStatus;
import io.rankkeeper.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rank history database: migrated by Flyway on open, written through batched transactions.
 * Thread-safe.
 */
public final class Store implements AutoCloseable {

    /** Connections: the writer thread, a run's bookkeeping, and CLI reads. */
    static final int POOL_SIZE = 6;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** How long to keep trying a database that another process is opening at the same moment (see {@link #open(DatabaseSettings, LockMode)}). */
    static final Duration OPEN_RETRY_WINDOW = Duration.ofSeconds(10);
    static final Duration OPEN_RETRY_PAUSE = Duration.ofSeconds(1);
    /** Saves of the host backoff tried on H2 before a collision with another process is reported. */
    private static final int BACKOFF_SAVE_ATTEMPTS = 10;
    /** Attempts per active target, on average, that make packing worth a pass: one block of them each. */
    static final int PACK_PER_TARGET = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final HikariDataSource dataSource;
    private final DatabaseSettings settings;
    /** Pools opened for other users of the database (Quartz), closed with the store. */
    private final List<HikariDataSource> otherPools = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String url;
    private final Jdbi jdbi;
    private final Vendor vendor;
    /** The database as messages name it: the H2 data file, or the URL with the password masked. */
    private final String shown;
    /** Held by {@link #openExclusive} or {@link #openClusterNode} until close, or null. */
    private final AutoCloseable daemonLock;
    private final TargetIds targetIds;
    private final CategoryIds categoryIds;
    private final TargetHistory targetHistory;
    private final Object backoffSaves = new Object();
    private final BackgroundPacker packer = new BackgroundPacker(this::packHistory);

    private Store(HikariDataSource dataSource, DatabaseSettings settings, String url, Vendor vendor, String shown,
            AutoCloseable daemonLock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.url = url;
        this.vendor = vendor;
        this.shown = shown;
        this.daemonLock = daemonLock;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        this.targetIds = new TargetIds(jdbi);
        this.categoryIds = new CategoryIds(jdbi);
        this.targetHistory = new TargetHistory(jdbi, targetIds);
    }

    /** Opens (and migrates) the database; a clear {@link StoreException} when it cannot. */
    public static Store open(DatabaseSettings settings) {
        return open(settings, LockMode.NONE);
    }

    /**
     * Opens the database for the one (non-clustered) daemon that may write to it: takes the
     * daemon lock first and only then connects and migrates, so a second daemon is refused before
     * it touches the database (a newer binary started by mistake never migrates the schema under
     * the running daemon). The lock is held until {@link #close()}.
     */
    public static Store openExclusive(DatabaseSettings settings) {
        return openExclusive(settings, false);
    }

    /**
     * As {@link #openExclusive(DatabaseSettings)}; with {@code compactWastedSpace} an embedded H2
     * file that is mostly space its rows no longer use is compacted first, under the daemon lock
     * and before anything else opens it (see {@link H2Compaction}).
     */
    public static Store openExclusive(DatabaseSettings settings, boolean compactWastedSpace) {
        return openExclusive(settings, compactWastedSpace ? H2Compaction.Thresholds.DEFAULT : null);
    }

    /** As {@link #openExclusive(DatabaseSettings, boolean)}, compacting at the given thresholds (null: never). */
    static Store openExclusive(DatabaseSettings settings, H2Compaction.Thresholds compaction) {
        return open(settings, LockMode.SINGLE_DAEMON, compaction);
    }

    /**
     * Does what {@link #openExclusive(DatabaseSettings, boolean)} does before it opens the
     * database, and nothing else: takes the daemon lock (refused beside a running daemon),
     * compacts an embedded H2 file if it is mostly wasted space, releases the lock. For the
     * benchmark, which measures the file as the daemon finds it after such a start.
     */
    public static Compaction compactAsDaemonStartDoes(DatabaseSettings settings) {
        return H2Compaction.underDaemonLock(settings, H2Compaction.Thresholds.DEFAULT, LOG::info);
    }

    /**
     * Compacts an embedded H2 file now, however much of it is in use: the {@code compact}
     * command. Under the daemon lock, so refused beside a running daemon (a
     * {@link StoreException}); also refused for a database that is not an embedded H2 file (an
     * {@link IllegalArgumentException}) or a file that does not exist (a StoreException).
     * {@code starting} hears what is about to happen, just before the rewrite starts.
     */
    public static Compaction compactNow(DatabaseSettings settings, java.util.function.Consumer<String> starting) {
        return H2Compaction.underDaemonLock(settings, H2Compaction.Thresholds.ALWAYS, starting);
    }

    /**
     * Opens the database for one node of a cluster: the daemon lock is taken shared, so nodes run
     * together but never beside a single daemon. Held until {@link #close()}.
     */
    public static Store openClusterNode(DatabaseSettings settings) {
        return open(settings, LockMode.CLUSTER_NODE);
    }

    /** Which daemon lock the store holds while open. */
    private enum LockMode { NONE, SINGLE_DAEMON, CLUSTER_NODE }

    /**
     * H2 refuses to open a file for a moment while another process is opening or releasing it
     * (its file lock: "Lock file recently modified", "Another process was faster", "Database may
     * be already in use"), and a connection through the automatic server of a process that is
     * exiting breaks: started together with another command, or while the process that served
     * the file exits, a command failed. Such a refusal is tried again from the start for up to
     * {@link #OPEN_RETRY_WINDOW}; every other failure is thrown at once.
     */
    private static Store open(DatabaseSettings settings, LockMode lockMode) {
        return open(settings, lockMode, null);
    }

    private static Store open(DatabaseSettings settings, LockMode lockMode, H2Compaction.Thresholds compaction) {
        long deadline = System.nanoTime() + OPEN_RETRY_WINDOW.toNanos();
        // a command beside a daemon that is compacting waits; a second daemon is refused at once
        boolean waitsForCompaction = lockMode == LockMode.NONE && Vendor.fromUrl(settings.url()) == Vendor.H2;
        // said before the first try too: H2 may block for seconds in its own connect before it fails
        boolean toldOfCompaction = waitsForCompaction && tellOfCompaction(H2Compaction.inProgress(settings.url()));
        for (int attempt = 1;; attempt++) {
            try {
                return openOnce(settings, lockMode, compaction);
            } catch (StoreException e) {
                String compacting = waitsForCompaction ? H2Compaction.inProgress(settings.url()) : null;
                if (compacting != null) {
                    // as long as it takes: the daemon lets go of the file when it is done (or dies)
                    toldOfCompaction = toldOfCompaction || tellOfCompaction(compacting);
                    deadline = System.nanoTime() + OPEN_RETRY_WINDOW.toNanos();
                } else if (System.nanoTime() - deadline >= 0 || !OpenFailures.isMomentaryH2Conflict(e)) {
                    throw e;
                } else {
                    LOG.info("Another process is opening or releasing the database at the same moment; trying again"
                            + " (attempt {})", attempt + 1);
                }
                try {
                    Thread.sleep(OPEN_RETRY_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Says that a compaction is in progress ({@link H2Compaction#inProgress}), if one is; true when it said so. */
    private static boolean tellOfCompaction(String compacting) {
        if (compacting == null) {
            return false;
        }
        LOG.warn("rankkeeper is compacting the database file (the daemon at its start, or the compact command: {});"
                + " waiting for it to finish", compacting);
        return true;
    }

    private static Store openOnce(DatabaseSettings settings, LockMode lockMode, H2Compaction.Thresholds compaction) {
        Objects.requireNonNull(settings, "settings");
        Vendor vendor = Vendor.fromUrl(settings.url());
        String url = vendor == Vendor.H2 ? H2Urls.effective(settings.url()) : settings.url();
        Path h2DataFile = vendor == Vendor.H2 ? H2Files.dataFile(settings.url()) : null;
        // what messages and logs call the database: the user's file or URL, never the internal rkfile: URL
        String shown = h2DataFile != null ? h2DataFile.toString() : JdbcUrls.masked(settings.url());
        if (h2DataFile != null) {
            H2Files.requireReadableAndWritable(h2DataFile);
        }
        // beside an H2 file the lock needs no connection: taken before H2 opens (or serves) the file
        AutoCloseable fileLock = lockMode == LockMode.SINGLE_DAEMON && h2DataFile != null
                ? DaemonLock.acquire(vendor, url, null, shown, false) : null;
        if (fileLock != null && compaction != null) {
            H2Compaction.atDaemonStart(url, h2DataFile, settings, compaction);
        }
        // a short CLI command needs one connection; the daemon grows the pool on demand
        HikariConfig config = poolConfig("rankkeeper-store", url, settings, POOL_SIZE);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeQuietly(fileLock);
            throw OpenFailures.translate(e, shown, vendor, h2DataFile);
        }
        AutoCloseable daemonLock = fileLock;
        try {
            if (lockMode != LockMode.NONE && daemonLock == null) {
                daemonLock = DaemonLock.acquire(vendor, url, dataSource, shown, lockMode == LockMode.CLUSTER_NODE);
            }
            SchemaMigrator.migrate(dataSource, vendor, shown);
            Store store = new Store(dataSource, settings, url, vendor, shown, daemonLock);
            // the target ids are loaded by the first write (or a sync), not here: a query command on
            // 100,000 targets spent a second loading ids it never used
            store.categoryIds.preload();
            LOG.info("Opened {} database {}", vendor, shown);
            if (h2DataFile != null && !UninterruptibleFilePath.direct()) {
                LOG.info("The H2 file is read and written through H2's slower async: file system: this JVM was"
                        + " started without " + UninterruptibleFilePath.JVM_OPTION + " (java -jar gives it)");
            }
            return store;
        } catch (StoreException e) {
            closeQuietly(daemonLock);
            dataSource.close();
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(daemonLock);
            dataSource.close();
            throw OpenFailures.translate(e, shown, vendor, h2DataFile);
        }
    }

    private static void closeQuietly(AutoCloseable lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (Exception error) {
            LOG.warn("Could not release the daemon lock", error);
        }
    }

    /**
     * Opens an existing database for reading, as {@link #open} does, but never creates one: an
     * embedded H2 file that does not exist is a clear {@link StoreException} instead of a new,
     * empty database left behind by a query command pointed at the wrong config.
     */
    public static Store openExisting(DatabaseSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (Vendor.fromUrl(settings.url()) == Vendor.H2) {
            Path path = H2Files.dataFile(settings.url());
            if (path != null) {
                H2Files.requireExisting(path, settings.maskedUrl());
            }
        }
        return open(settings);
    }

    private static HikariConfig poolConfig(String name, String url, DatabaseSettings settings, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        return config;
    }

    /**
     * A pool of its own of at most {@code connections} connections to this database, for the
     * scheduler: its cluster check-ins and trigger acquisition then never wait behind the runs'
     * writes. Closed with the store (after the scheduler, which must stop first).
     */
    public javax.sql.DataSource openSchedulerPool(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be 1 or more, was " + connections);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig("rankkeeper-scheduler", url, settings, connections));
        } catch (RuntimeException e) {
            throw OpenFailures.translate(e, shown, vendor, null);
        }
        otherPools.add(pool);
        return pool;
    }

    /** Upserts every configured target; targets in the database but not in the list become inactive. */
    public void syncTargets(Collection<Target> configured) {
        try {
            syncTargetsOnce(configured);
        } catch (UnableToExecuteStatementException e) {
            // another node synced the same new targets at the same time; the second pass sees them
            LOG.warn("Target sync collided with another node ({}); syncing again", e.getMessage());
            syncTargetsOnce(configured);
        }
        targetIds.reload();
    }

    private void syncTargetsOnce(Collection<Target> configured) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbi.useTransaction(handle -> {
            TargetDao dao = handle.attach(TargetDao.class);
            Map<String, TargetDao.TargetRow> stored = new HashMap<>();
            for (TargetDao.TargetRow row : dao.all()) {
                stored.put(row.targetKey(), row);
            }
            Map<String, TargetDao.TargetRow> wanted = new LinkedHashMap<>();
            for (Target target : configured) {
                wanted.put(target.key(), new TargetDao.TargetRow(0, target.key(), target.group(),
                        target.url().toString(), target.label(), target.itemId(), true));
            }
            List<TargetDao.TargetRow> inserts = new ArrayList<>();
            List<TargetDao.TargetRow> updates = new ArrayList<>();
            for (TargetDao.TargetRow row : wanted.values()) {
                TargetDao.TargetRow old = stored.get(row.targetKey());
                if (old == null) {
                    inserts.add(row);
                } else if (!sameConfig(old, row)) {
                    updates.add(row);
                }
            }
            List<String> deactivations = stored.values().stream()
                    .filter(row -> row.active() && !wanted.containsKey(row.targetKey()))
                    .map(TargetDao.TargetRow::targetKey)
                    .toList();
            if (!inserts.isEmpty()) {
                dao.insert(inserts, now);
            }
            if (!updates.isEmpty()) {
                dao.update(updates, now);
            }
            if (!deactivations.isEmpty()) {
                dao.deactivate(deactivations, now);
            }
            LOG.info("Synced targets: {} new, {} changed, {} deactivated, {} configured", inserts.size(),
                    updates.size(), deactivations.size(), wanted.size());
        });
    }

    private static boolean sameConfig(TargetDao.TargetRow old, TargetDao.TargetRow wanted) {
        return old.active() && old.groupName().equals(wanted.groupName()) && old.url().equals(wanted.url())
                && Objects.equals(old.label(), wanted.label()) && Objects.equals(old.itemId(), wanted.itemId());
    }

    /** Inserts a RUNNING {@code scrape_run} row; returns its id. */
    public long startRun(RunStart start) {
        return jdbi.withExtension(RunDao.class, dao -> dao.insert(start.group(), start.shard(),
                utc(start.scheduledAt()), utc(start.startedAt()), start.node(), start.reason().name(),
                start.targetCount()));
    }

    /** Records the end of a run: status and the count per outcome (missing outcomes count 0). */
    public void finishRun(long runId, Instant endedAt, RunStatus status, Map<Outcome, Integer> counts) {
        Map<String, Integer> columns = new HashMap<>();
        for (Outcome outcome : Outcome.values()) {
            columns.put(RunQueries.countColumn(outcome), counts.getOrDefault(outcome, 0));
        }
        int updated = jdbi.withExtension(RunDao.class, dao -> dao.finish(runId, utc(endedAt), status.name(), columns));
        if (updated == 0) {
            throw new StoreException("Cannot finish run " + runId + ": there is no such scrape_run row.");
        }
    }

    /**
     * As {@link #packHistory}, on the store's packer thread: returns at once, and the next run
     * writes while this one's attempts are packed (see {@link BackgroundPacker}). Call after a run.
     */
    public void packHistoryLater() {
        packer.request();
    }

    /**
     * Waits until the packing asked for with {@link #packHistoryLater} is done; returns how many
     * attempts it packed in all.
     */
    public long awaitPacking() {
        packer.await();
        return packer.packed();
    }

    /**
     * Packs the attempts of finished runs into {@code history_block} once enough wait: at least
     * {@link #PACK_PER_TARGET} per active target on average (or a full pass), so a block holds
     * that many. Attempts observed after the start of a run still running, or after the newest
     * stored one, wait for a later call.
     * Cheap when there is nothing to do (a bounded count on an index); a database written before
     * schema version 9 is packed here in passes of {@link HistoryPacker#MAX_PER_PASS}. Returns how
     * many attempts it packed.
     */
    public long packHistory() {
        // never past the newest stored attempt: a clock behind, or a run's next attempts, would be late
        Instant packUntil = jdbi.withHandle(handle -> {
            Instant until = handle.createQuery("SELECT MAX(observed_at) FROM observation")
                    .mapTo(OffsetDateTime.class).findOne().map(at -> at.toInstant().plusNanos(1_000)).orElse(null);
            Instant running = handle.createQuery("SELECT MIN(started_at) FROM scrape_run WHERE status = 'RUNNING'")
                    .mapTo(OffsetDateTime.class).findOne().map(OffsetDateTime::toInstant).orElse(null);
            return until == null || running == null || until.isBefore(running) ? until : running;
        });
        if (packUntil == null) {
            return 0;
        }
        int activeTargets = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM target WHERE active").mapTo(Integer.class).one());
        int enough = (int) Math.min(HistoryPacker.MAX_PER_PASS, (long) PACK_PER_TARGET * Math.max(1, activeTargets));
        long packed = 0;
        while (true) {
            int waiting;
            try {
                waiting = jdbi.withHandle(handle -> HistoryPacker.unpacked(handle.getConnection(), packUntil, enough));
            } catch (SQLException e) {
                throw new StoreException("Could not count the attempts to pack: " + e.getMessage(), e);
            }
            if (waiting < enough) {
                return packed;
            }
            HistoryPacker.Pass pass;
            try {
                pass = jdbi.inTransaction(handle -> HistoryPacker.pass(handle.getConnection(), packUntil));
            } catch (SQLException e) {
                throw new StoreException("Could not pack stored attempts into history_block: " + e.getMessage(), e);
            }
            if (pass.packed() == 0) {
                // attempts stored into the span while it was read: the next call packs them
                return packed;
            }
            packed += pass.packed();
            HistoryMerger.mergeAll(jdbi, pass.merges());
        }
    }

    /**
     * Marks runs left RUNNING by a dead process of this node as INTERRUPTED, with counts of the
     * observations they committed; returns how many. Call at start, before this node starts runs.
     */
    public int markDanglingRunsInterrupted(String node) {
        String detail = "interrupted: the process running it stopped; marked at " + Instant.now()
                + "; counts are the observations committed before it stopped";
        int marked = jdbi.withExtension(RunDao.class, dao -> dao.markInterrupted(node, detail));
        if (marked > 0) {
            LOG.warn("Marked {} run(s) of node {} left RUNNING by a previous process as INTERRUPTED", marked, node);
        }
        return marked;
    }

    /**
     * Marks the run of {@code group} shard {@code shard} at {@code scheduledAt} that another,
     * dead node left RUNNING as INTERRUPTED (counts from its committed observations), when
     * {@code node} runs it again in its place; returns how many rows were marked (0 or 1).
     */
    public int markRecoveredRunInterrupted(String group, int shard, Instant scheduledAt, String node) {
        String detail = "interrupted: its node died; node " + node + " ran it again from "
                + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + "; counts are the observations committed before it died";
        return jdbi.withExtension(RunDao.class,
                dao -> dao.markRecoveredInterrupted(group, shard, utc(scheduledAt), node, detail));
    }

    /**
     * The node that finished (completed, or suspect) the run of {@code group} shard {@code shard}
     * at {@code scheduledAt}, or null when no run of it has finished: a recovered fire of a run
     * that had in fact finished just before its node died need not run again.
     */
    public String finishedRunNode(String group, int shard, Instant scheduledAt) {
        return jdbi.withExtension(RunDao.class, dao -> dao.finishedBy(group, shard, utc(scheduledAt))).orElse(null);
    }

    /** A batching writer for observations (usually one per run); close it to commit the rest. */
    public ObservationWriter openWriter() {
        return openWriter(BatchingObservationWriter.DEFAULT_BATCH_SIZE, BatchingObservationWriter.DEFAULT_MAX_DELAY);
    }

    /** A writer committing every {@code batchSize} observations or {@code maxDelay} after the first queued. */
    public ObservationWriter openWriter(int batchSize, Duration maxDelay) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, was " + batchSize);
        }
        return new BatchingObservationWriter(new ObservationBatch(jdbi, vendor, targetIds, categoryIds), targetIds,
                batchSize, maxDelay);
    }

    /** The newest rank per target and category, ordered by target key, main category first. */
    public List<LatestRank> latestRanks() {
        return jdbi.withExtension(RankQueries.class, RankQueries::latestRanks);
    }

    /** Every stored attempt at a target with {@code from <= observed_at < to}, oldest first; empty for an unknown key. */
    public List<HistoryEntry> history(String targetKey, Instant from, Instant to) {
        return targetHistory.read(targetKey, utc(from), utc(to));
    }

    /** The target stored under this key, active or not (one read of the key's unique index). */
    public Optional<StoredTarget> target(String key) {
        return jdbi.withExtension(OverviewQueries.class, queries -> queries.target(key));
    }

    /** Every target in the database, active or not, ordered by key. */
    public List<StoredTarget> targets() {
        return jdbi.withExtension(OverviewQueries.class, OverviewQueries::targets);
    }

    /**
     * Every target, active or not, ordered by key, with its newest main rank, the rank before it
     * and the rank at {@code reference} (in the same category), and its newest attempt's outcome.
     * A few index range reads per target; never a scan of the history.
     */
    public List<TargetSummary> targetSummaries(Instant now, Instant reference) {
        return targetSummaries(now, reference, target -> true);
    }

    /** As {@link #targetSummaries(Instant, Instant)}, for the targets {@code which} accepts only. */
    public List<TargetSummary> targetSummaries(Instant now, Instant reference, Predicate<StoredTarget> which) {
        return new TargetSummaries(jdbi).read(now, reference, which);
    }

    /** Interrupted and suspect runs started at or after {@code since}, newest first. */
    public List<RunSummary> troubledRunsSince(Instant since) {
        return jdbi.withExtension(OverviewQueries.class, dao -> dao.troubledRunsSince(utc(since)));
    }

    /** The newest run of each group (and shard), ordered by group and shard. */
    public List<RunSummary> lastRuns() {
        return jdbi.withExtension(RunQueries.class, RunQueries::lastRuns);
    }

    /**
     * The cluster's nodes as Quartz's scheduler state records them (empty for a single daemon,
     * which does not write it), each with the runs it started since {@code since}.
     */
    public List<ClusterNode> clusterNodes(Instant since) {
        return jdbi.withExtension(ClusterQueries.class, dao -> dao.nodes(utc(since))).stream()
                .map(row -> new ClusterNode(row.nodeId(), Instant.ofEpochMilli(row.lastCheckinMs()),
                        Duration.ofMillis(row.checkinIntervalMs()), Math.toIntExact(row.recentRuns())))
                .toList();
    }

    /** One run, or null when there is no such run. */
    public RunSummary run(long runId) {
        return jdbi.withExtension(RunQueries.class, dao -> dao.run(runId).orElse(null));
    }

    /**
     * Refuses a second daemon on this database: held until closed, released by the OS or the
     * server if the process dies. A clear {@link StoreException} when another daemon holds it.
     */
    public AutoCloseable acquireDaemonLock() {
        return acquireDaemonLock(false);
    }

    /**
     * As {@link #acquireDaemonLock()} for a single daemon ({@code clusterNode} false); a cluster
     * node instead shares the lock with the other nodes (PostgreSQL), so nodes run together but
     * never beside a single daemon, and a single daemon never beside nodes.
     */
    public AutoCloseable acquireDaemonLock(boolean clusterNode) {
        return DaemonLock.acquire(vendor, url, dataSource, shown, clusterNode);
    }

    /**
     * Whether a non-clustered daemon holds this database's daemon lock: true, false, or null when
     * it cannot be told. Read-only on PostgreSQL; beside an H2 file it tries the lock file and
     * releases it at once.
     */
    public Boolean daemonLockHeld() {
        return DaemonLockProbe.isHeld(vendor, url, dataSource);
    }

    /** The connection pool, for Quartz's job store in the same database. */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return vendor == Vendor.POSTGRESQL;
    }

    /** Replaces the stored per-host backoff with {@code backoffs} (host to the end of its backoff). */
    public void saveHostBackoffs(Map<String, Instant> backoffs) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // One save at a time: runs of several groups end at once, and two interleaved
        // delete-then-insert transactions both insert the same host (a unique key violation).
        synchronized (backoffSaves) {
            // Processes sharing the database save into the same table (PostgreSQL locks it for the
            // save; on H2 the one that collides saves again once the other has committed). The
            // last save wins.
            for (int attempt = 1;; attempt++) {
                try {
                    saveHostBackoffs(backoffs, now);
                    return;
                } catch (UnableToExecuteStatementException e) {
                    if (attempt == BACKOFF_SAVE_ATTEMPTS) {
                        throw e;
                    }
                    LOG.debug("Host backoff save collided with another node's (attempt {}); saving again", attempt);
                }
            }
        }
    }

    private void saveHostBackoffs(Map<String, Instant> backoffs, OffsetDateTime now) {
        jdbi.useTransaction(handle -> {
            if (vendor == Vendor.POSTGRESQL) {
                // cluster nodes' saves wait for each other instead of colliding on the key
                handle.execute("LOCK TABLE host_backoff IN SHARE ROW EXCLUSIVE MODE");
            }
            handle.execute("DELETE FROM host_backoff");
            var batch = handle.prepareBatch(
                    "INSERT INTO host_backoff (host, until_at, updated_at) VALUES (:host, :until, :now)");
            backoffs.forEach((host, until) -> batch.bind("host", host).bind("until", utc(until)).bind("now", now).add());
            if (!backoffs.isEmpty()) {
                batch.execute();
            }
        });
    }

    /** The stored per-host backoff that has not ended yet. */
    public Map<String, Instant> hostBackoffs() {
        Map<String, Instant> result = new java.util.TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT host, until_at FROM host_backoff WHERE until_at > :now ORDER BY host")
                .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                .map((rows, context) -> Map.entry(rows.getString("host"),
                        rows.getObject("until_at", OffsetDateTime.class).toInstant()))
                .forEach(entry -> result.put(entry.getKey(), entry.getValue())));
        return result;
    }

    /** Rows per round trip for {@link #query}: enough for speed, few enough for a small heap. */
    public static final int QUERY_FETCH_SIZE = 500;

    /**
     * Runs one query typed by a user, guaranteed read-only by the database's own means (see
     * {@link ReadOnlySql}), and hands the rows to {@code sink} as they are read; returns the
     * number of rows handed over. A {@link SqlRejectedException} when the statement would write,
     * is not a single query, or is not valid SQL; nothing is changed in any case.
     */
    public long query(String sql, QueryRows sink) {
        return ReadOnlySql.run(dataSource, vendor, sql, QUERY_FETCH_SIZE, sink);
    }

    /**
     * Streams the history in long format (one row per observation and category, one row with no
     * rank for an attempt that read none), in observation id order, to {@code sink} as it is read;
     * memory does not grow with the history. Returns the number of rows.
     */
    public long exportHistory(HistoryFilter filter, java.util.function.Consumer<HistoryRow> sink) {
        return HistoryExport.export(dataSource, vendor, filter, sink);
    }

    /** Every stored target key (active or not), sorted. */
    public List<String> storedTargetKeys() {
        return HistoryExport.distinct(dataSource, "target_key");
    }

    /** Every stored group name (of active or inactive targets), sorted. */
    public List<String> storedGroups() {
        return HistoryExport.distinct(dataSource, "group_name");
    }

    /** Which database product this store writes to. */
    String vendorName() {
        return vendor.name();
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Releases the daemon lock (if held; on PostgreSQL before its connection goes), then closes the pool. */
    @Override
    public void close() {
        // first: a pass that runs still needs the database
        packer.close();
        otherPools.forEach(HikariDataSource::close);
        closeQuietly(daemonLock);
        dataSource.close();
    }

    private static OffsetDateTime utc(Instant instant) {
        return ObservationBatch.utc(instant);
    }

    /** Batches observations into transactions; thread-safe. */
    public interface ObservationWriter extends AutoCloseable {

        /**
         * Queues an observation; cheap, it blocks only while the queue is full. Throws a
         * {@link StoreException} for a target that was never synced, or when the writer failed.
         */
        void add(Observation observation);

        /**
         * Blocks until everything added so far is committed (or the writer failed), also when the
         * calling thread is interrupted meanwhile: the interrupt is kept for the caller.
         */
        void flush();

        /** Observations ignored because (target, scheduled_at) was already stored. */
        long ignoredDuplicates();

        /** Flushes, then stops the writer thread. */
        @Override
        void close();
    }
}
