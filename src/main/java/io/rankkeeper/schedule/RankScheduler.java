package io.rankkeeper.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobPersistenceException;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's schedule: Quartz with its JDBC job store in the history database, one job and
 * cron trigger per group shard, synced with the config without blind replacement. Quartz types
 * stay inside this package. Thread-safe.
 */
public final class RankScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RankScheduler.class);
    private static final String JOB_GROUP = "rankkeeper";
    /** The cluster's name: every node must use the same one (it keys every Quartz row). */
    static final String SCHEDULER_NAME = "rankkeeper";
    private static final String DATA_SOURCE = "rankkeeper";
    /** Each scheduler in this JVM registers its connections under its own name. */
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();
    /** A sync that collided with another node's writes is tried again this many times. */
    private static final int SYNC_ATTEMPTS = 3;

    private final Scheduler scheduler;
    /**
     * Whether a job that was running when its process died runs again (Quartz "recovery"): in a
     * cluster another node finishes the dead node's run. A single node does not: at its restart
     * the run is marked interrupted and the group's catch-up policy alone decides what runs, else
     * a crash gave a second run of the crashed slot even with {@code catchUp: skip}.
     */
    private final boolean recoverRuns;

    private RankScheduler(Scheduler scheduler, boolean recoverRuns) {
        this.scheduler = scheduler;
        this.recoverRuns = recoverRuns;
    }

    /**
     * Creates the scheduler in standby; call {@link #sync} then {@link #begin}. {@code dataSource}
     * should be a pool of its own with {@link SchedulerSettings#connections()} connections, so
     * that busy runs never hold up a cluster check-in (a node that cannot check in looks dead).
     */
    public static RankScheduler create(DataSource dataSource, SchedulerSettings settings, FireHandler handler) {
        String dataSourceName = DATA_SOURCE + "-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties(settings, dataSourceName));
            Scheduler scheduler = factory.getScheduler();
            // Quartz hands out one scheduler per name and JVM, but every node of a cluster must
            // use the same name: forgetting it here lets a test (or a benchmark) run several
            // nodes in one JVM. The scheduler itself does not need the registry.
            SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
            scheduler.getContext().put(GroupJob.HANDLER, handler);
            return new RankScheduler(scheduler, settings.clustered());
        } catch (SchedulerException error) {
            throw new ScheduleException("Could not set up the Quartz scheduler: " + error.getMessage(), error);
        }
    }

    private static Properties properties(SchedulerSettings settings, String dataSourceName) {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        // A fixed id per node, never AUTO: a restarted node then recognises its own rows at its
        // first check-in and frees the triggers it had acquired or was running at once, instead
        // of leaving them stalled until the others declare the old id dead.
        properties.setProperty("org.quartz.scheduler.instanceId", settings.nodeId());
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "rankkeeper-run");
        // Up to one trigger per worker thread per acquisition (under one hold of the cluster's
        // row lock) instead of one: with many shards due at the same second, the lock is the
        // bottleneck (see README "Cluster mode").
        properties.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                Integer.toString(settings.threads()));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", settings.postgres()
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.setProperty("org.quartz.jobStore.useProperties", "true");
        properties.setProperty("org.quartz.jobStore.misfireThreshold",
                Long.toString(settings.misfireThreshold().toMillis()));
        properties.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(settings.clustered()));
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(settings.checkinInterval().toMillis()));
        // Acquire under the TRIGGER_ACCESS row lock: without it two nodes can acquire the same
        // trigger in a race on its state, and with batches of several triggers Quartz needs it.
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // Inserts (scheduleJob at sync) take the same lock, so two nodes syncing at once see each
        // other's jobs instead of racing on a primary key. Quartz's default, stated here on purpose.
        properties.setProperty("org.quartz.jobStore.lockOnInsert", "true");
        // standby() does not stop a trigger that is due within a few milliseconds: its run could
        // start after shutdown() had interrupted the running ones and then hold the stop for a
        // whole run. Quartz interrupts again once its scheduler thread has stopped.
        properties.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
        return properties;
    }

    /**
     * Makes the stored schedule match {@code groups}: creates what is missing, reschedules what
     * changed, deletes jobs of groups (or shards) that are gone; leaves the rest untouched so
     * fire history and misfire state survive. Safe when several nodes sync at once.
     */
    public SyncReport sync(List<GroupSchedule> groups) {
        for (int attempt = 1; ; attempt++) {
            try {
                SyncReport report = syncOnce(groups);
                log.info("Schedule synced with the config: {} created, {} changed, {} removed", report.created(),
                        report.changed(), report.removed());
                return report;
            } catch (JobPersistenceException collided) {
                // Another node changed the same jobs between a read and a write of this one; what
                // it wrote is seen on the next pass, which then has nothing (or less) to do.
                if (attempt == SYNC_ATTEMPTS) {
                    throw new ScheduleException("Could not sync the schedule with the config after " + attempt
                            + " attempts: " + collided.getMessage(), collided);
                }
                log.warn("Schedule sync collided with another node ({}); syncing again", collided.getMessage());
            } catch (SchedulerException error) {
                throw new ScheduleException("Could not sync the schedule with the config: " + error.getMessage(), error);
            }
        }
    }

    private SyncReport syncOnce(List<GroupSchedule> groups) throws SchedulerException {
        {
            int created = 0;
            int changed = 0;
            int removed = 0;
            Set<JobKey> wanted = new HashSet<>();
            for (GroupSchedule group : groups) {
                for (int shard = 0; shard < group.shards(); shard++) {
                    JobKey jobKey = jobKey(group.group(), shard);
                    wanted.add(jobKey);
                    CronTrigger desired = trigger(group, shard);
                    Trigger existing = scheduler.getTrigger(desired.getKey());
                    if (existing == null) {
                        created += createJob(group, shard, desired) ? 1 : 0;
                    } else if (!sameSchedule(existing, desired) || !sameJobData(jobKey, group)) {
                        scheduler.addJob(job(group, shard, recoverRuns), true, true);
                        scheduler.rescheduleJob(desired.getKey(), desired);
                        changed++;
                    }
                }
            }
            for (JobKey stored : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(JOB_GROUP))) {
                if (!wanted.contains(stored)) {
                    scheduler.deleteJob(stored);
                    removed++;
                }
            }
            return new SyncReport(created, changed, removed);
        }
    }

    /** Starts firing. */
    public void begin() {
        try {
            scheduler.start();
        } catch (SchedulerException error) {
            throw new ScheduleException("Could not start the scheduler: " + error.getMessage(), error);
        }
    }

    /** Every group shard's trigger with its next and previous fire time. */
    public List<ScheduledGroup> scheduledGroups() {
        try {
            List<ScheduledGroup> result = new ArrayList<>();
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(JOB_GROUP))) {
                Trigger trigger = scheduler.getTrigger(key);
                if (!(trigger instanceof CronTrigger cron)) {
                    continue;
                }
                JobDetail job = scheduler.getJobDetail(trigger.getJobKey());
                result.add(new ScheduledGroup(job.getJobDataMap().getString(GroupJob.GROUP),
                        Integer.parseInt(job.getJobDataMap().getString(GroupJob.SHARD)), cron.getCronExpression(),
                        cron.getTimeZone().getID(),
                        cron.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW,
                        GroupJob.toInstant(trigger.getNextFireTime()), GroupJob.toInstant(trigger.getPreviousFireTime()),
                        scheduler.getTriggerState(key).name()));
            }
            return result;
        } catch (SchedulerException error) {
            throw new ScheduleException("Could not read the schedule: " + error.getMessage(), error);
        }
    }

    /**
     * Stops firing and asks running runs to stop: each stops starting new targets, waits its own
     * grace period for requests in flight, stores what came back and ends as interrupted. Then
     * Quartz shuts down once they have returned.
     */
    public void shutdown() {
        try {
            scheduler.standby();
            List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
            if (!running.isEmpty()) {
                log.info("Interrupting {} running run(s); they store what is in flight", running.size());
                for (JobExecutionContext context : running) {
                    scheduler.interrupt(context.getFireInstanceId());
                }
            }
            scheduler.shutdown(true);
        } catch (SchedulerException error) {
            log.warn("Quartz did not shut down cleanly", error);
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    private boolean createJob(GroupSchedule group, int shard, CronTrigger trigger) throws SchedulerException {
        try {
            scheduler.scheduleJob(job(group, shard, recoverRuns), trigger);
            return true;
        } catch (ObjectAlreadyExistsException anotherNodeWasFirst) {
            return false;
        }
    }

    private boolean sameJobData(JobKey key, GroupSchedule group) throws SchedulerException {
        JobDetail stored = scheduler.getJobDetail(key);
        return stored != null && Integer.toString(group.shards()).equals(stored.getJobDataMap().getString(GroupJob.SHARDS))
                && stored.requestsRecovery() == recoverRuns;
    }

    private static boolean sameSchedule(Trigger existing, CronTrigger desired) {
        return existing instanceof CronTrigger cron
                && cron.getCronExpression().equals(desired.getCronExpression())
                && cron.getTimeZone().getID().equals(desired.getTimeZone().getID())
                && cron.getMisfireInstruction() == desired.getMisfireInstruction();
    }

    private static JobDetail job(GroupSchedule group, int shard, boolean recoverRuns) {
        return JobBuilder.newJob(GroupJob.class)
                .withIdentity(jobKey(group.group(), shard))
                .withDescription("scrape run of group " + group.group() + " shard " + shard)
                .usingJobData(GroupJob.GROUP, group.group())
                .usingJobData(GroupJob.SHARD, Integer.toString(shard))
                .usingJobData(GroupJob.SHARDS, Integer.toString(group.shards()))
                .usingJobData(GroupJob.CRON, group.cron())
                .usingJobData(GroupJob.ZONE, group.zone().getId())
                .requestRecovery(recoverRuns)
                .storeDurably(false)
                .build();
    }

    private static CronTrigger trigger(GroupSchedule group, int shard) {
        CronScheduleBuilder schedule = CronScheduleBuilder.cronSchedule(group.cron())
                .inTimeZone(TimeZone.getTimeZone(group.zone()));
        schedule = group.catchUpOnce()
                ? schedule.withMisfireHandlingInstructionFireAndProceed()
                : schedule.withMisfireHandlingInstructionDoNothing();
        return TriggerBuilder.newTrigger()
                .withIdentity(new TriggerKey(key(group.group(), shard), JOB_GROUP))
                .forJob(jobKey(group.group(), shard))
                .withSchedule(schedule)
                .build();
    }

    private static JobKey jobKey(String group, int shard) {
        return new JobKey(key(group, shard), JOB_GROUP);
    }

    private static String key(String group, int shard) {
        return group + "#" + shard;
    }

    /** Hands Quartz connections from the application's pool. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to the store, which closes it after the scheduler.
        }

        @Override
        public void initialize() {
        }
    }
}
