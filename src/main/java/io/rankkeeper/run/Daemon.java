package io.rankkeeper.run;

import io.rankkeeper.config.CatchUp;
import io.rankkeeper.config.ConfigException;
import io.rankkeeper.config.ConfigWatcher;
import io.rankkeeper.config.GroupConfig;
import io.rankkeeper.config.RankkeeperConfig;
import io.rankkeeper.model.RunReason;
import io.rankkeeper.model.Target;
import io.rankkeeper.schedule.Fire;
import io.rankkeeper.schedule.GroupSchedule;
import io.rankkeeper.schedule.RankScheduler;
import io.rankkeeper.schedule.SchedulerSettings;
import io.rankkeeper.store.Store;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running process: every group on its schedule through Quartz, config edits applied
 * without a restart, an ordered and bounded shutdown (scheduler, then runs, then fetcher and
 * database). Thread-safe.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final AtomicReference<RankkeeperConfig> config;
    private final Engine engine;
    private RankScheduler scheduler;
    private ConfigWatcher watcher;

    private Daemon(RankkeeperConfig config, Engine engine) {
        this.config = new AtomicReference<>(config);
        this.engine = engine;
    }

    /**
     * Opens the database, refuses to run beside another daemon on it (unless clustered), marks
     * runs a crash left behind as interrupted, syncs the schedule and starts firing.
     */
    public static Daemon start(RankkeeperConfig config) {
        // The store holds the daemon lock (taken before migrating; shared between cluster nodes) until it closes.
        Engine engine = Engine.open(config, true);
        Daemon daemon = null;
        try {
            Store store = engine.store();
            daemon = new Daemon(config, engine);
            engine.syncTargets(config.allTargets());
            int interrupted = store.markDanglingRunsInterrupted(engine.node());
            if (interrupted > 0) {
                log.warn("Marked {} run(s) left running by a crash of node '{}' as interrupted", interrupted,
                        engine.node());
            }
            SchedulerSettings settings = schedulerSettings(config, store);
            daemon.scheduler = RankScheduler.create(store.openSchedulerPool(settings.connections()), settings,
                    daemon::handle);
            daemon.scheduler.sync(schedules(config));
            daemon.scheduler.begin();
            daemon.watcher = ConfigWatcher.start(config, daemon::apply, daemon::refuse);
            log.info("Daemon started on node '{}': {} group(s), {} target(s); config {}", engine.node(),
                    config.groups().size(), config.allTargets().size(), config.source());
            return daemon;
        } catch (RuntimeException error) {
            if (daemon != null) {
                daemon.close();
            } else {
                engine.close();
            }
            throw error;
        }
    }

    /** Re-reads the config file now (SIGHUP). */
    public void reload() {
        watcher.reloadNow();
    }

    public RankScheduler scheduler() {
        return scheduler;
    }

    private void handle(Fire fire) {
        GroupConfig group = config.get().group(fire.group());
        if (group == null) {
            log.warn("Group '{}' fired but is no longer in the config; skipped", fire.group());
            return;
        }
        List<Target> targets = Shards.select(group.targets(), fire.shard(), fire.shards());
        RunReason reason = fire.catchUp() ? RunReason.CATCH_UP : RunReason.SCHEDULED;
        if (fire.recovering() && !config.get().cluster().enabled()) {
            // Left by a job stored before single nodes stopped asking Quartz for recovery: the
            // crashed run is already marked interrupted and the catch-up policy applies instead.
            log.info("Not running group '{}' shard {} again for {}: the crashed run was marked interrupted",
                    group.name(), fire.shard(), fire.scheduledAt());
            return;
        }
        if (fire.recovering()) {
            String finishedBy = engine.store().finishedRunNode(group.name(), fire.shard(), fire.scheduledAt());
            if (finishedBy != null) {
                // its node finished it and died before Quartz recorded the end
                log.info("Not running group '{}' shard {} again for {}: node '{}' had finished it", group.name(),
                        fire.shard(), fire.scheduledAt(), finishedBy);
                return;
            }
            int marked = engine.store().markRecoveredRunInterrupted(group.name(), fire.shard(), fire.scheduledAt(),
                    engine.node());
            log.warn("Running group '{}' shard {} again for {}: the node that ran it died ({} run row marked "
                    + "interrupted); observations it stored are kept, not repeated", group.name(), fire.shard(),
                    fire.scheduledAt(), marked);
        }
        engine.run(new RunRequest(group.name(), fire.shard(), targets, group.extractor(), group.robotsTxt(),
                fire.scheduledAt(), reason), RunListener.NONE);
    }

    /** Synchronized: the file watcher and SIGHUP may reload at once; each reload applies whole. */
    private synchronized void apply(RankkeeperConfig edited) {
        RankkeeperConfig running = config.get();
        if (!Objects.equals(edited.database(), running.database()) || !Objects.equals(edited.http(), running.http())
                || !Objects.equals(edited.cluster(), running.cluster())) {
            log.warn("Config edit changes database, http or cluster settings: those take effect at the next restart");
        }
        engine.store().syncTargets(edited.allTargets());
        scheduler.sync(schedules(edited));
        config.set(edited);
        log.info("Config reloaded: {} group(s), {} target(s)", edited.groups().size(), edited.allTargets().size());
    }

    private void refuse(ConfigException invalid) {
        log.error("Config edit refused, keeping the running config: {}", invalid.getMessage());
    }

    private static List<GroupSchedule> schedules(RankkeeperConfig config) {
        return config.groups().stream()
                .map(group -> new GroupSchedule(group.name(), group.schedule(), group.timeZone(),
                        group.catchUp() == CatchUp.ONCE, group.shards()))
                .toList();
    }

    private static SchedulerSettings schedulerSettings(RankkeeperConfig config, Store store) {
        int jobs = config.groups().stream().mapToInt(GroupConfig::shards).sum();
        int threads = Math.max(1, Math.min(jobs, SchedulerSettings.DEFAULT_THREADS));
        return new SchedulerSettings(config.cluster().nodeId(), config.cluster().enabled(), store.isPostgres(),
                threads, SchedulerSettings.DEFAULT_MISFIRE_THRESHOLD, config.cluster().checkinInterval());
    }

    /**
     * While {@link #close()} waits for the running runs: stops waiting for their requests in
     * flight (see {@link Engine#stopWaiting()}). Thread-safe; called from a signal handler.
     */
    public void stopWaiting() {
        int runs = engine.stopWaiting();
        log.info("Not waiting for the requests in flight of {} running run(s)", runs);
    }

    /** Stops firing, lets runs finish within the grace period, then closes everything in order. */
    @Override
    public void close() {
        log.info("Daemon stopping");
        if (watcher != null) {
            watcher.close();
        }
        if (scheduler != null) {
            scheduler.shutdown();
        }
        engine.close();
        log.info("Daemon stopped");
    }
}
