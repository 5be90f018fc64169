package io.rankkeeper.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.CronExpression;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one group shard: tells the {@link FireHandler} to run it. Never two at once
 * for the same shard. Catches everything at its top: one bad run never stops the daemon.
 */
@DisallowConcurrentExecution
public final class GroupJob implements InterruptableJob {

    static final String GROUP = "group";
    static final String SHARD = "shard";
    static final String SHARDS = "shards";
    static final String CRON = "cron";
    static final String ZONE = "zone";
    static final String HANDLER = "rankkeeper.fireHandler";

    private static final Logger log = LoggerFactory.getLogger(GroupJob.class);

    private volatile Thread worker;
    /** A run is asked to stop once: a second interrupt would cut its grace period short. */
    private final AtomicBoolean interruptAsked = new AtomicBoolean();

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        String group = data.getString(GROUP);
        worker = Thread.currentThread();
        try {
            FireHandler handler = (FireHandler) context.getScheduler().getContext().get(HANDLER);
            Date scheduled = scheduledFireTime(context, data);
            boolean catchUp = !isCronSlot(scheduled, data.getString(CRON), data.getString(ZONE));
            Fire fire = new Fire(group, Integer.parseInt(data.getString(SHARD)), Integer.parseInt(data.getString(SHARDS)),
                    scheduled.toInstant(), catchUp, context.isRecovering());
            handler.handle(fire);
        } catch (SchedulerException | RuntimeException error) {
            log.error("The run of group '{}' failed; the daemon goes on", group, error);
        } finally {
            worker = null;
            // Quartz writes the job's completion to the database on this thread: an interrupt flag
            // left over from stopping the run must not reach the database driver.
            Thread.interrupted();
        }
    }

    @Override
    public void interrupt() {
        Thread running = worker;
        if (running != null && interruptAsked.compareAndSet(false, true)) {
            running.interrupt();
        }
    }

    /**
     * The fire time the run belongs to. A recovered run (a dead node's, run again elsewhere)
     * keeps the fire time of the run it replaces, so its observations are recognised as the same
     * attempts and never stored twice: Quartz starts its recovery trigger at that time and also
     * keeps it in the job data, which is read first.
     */
    static Date scheduledFireTime(JobExecutionContext context, JobDataMap data) {
        if (context.isRecovering()) {
            String original = data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return new Date(Long.parseLong(original));
            }
        }
        return context.getScheduledFireTime();
    }

    /**
     * A fire on its cron slot is a scheduled run; a misfire handled by "fire once now" fires at
     * an arbitrary instant, which is how a catch-up run is told apart.
     */
    static boolean isCronSlot(Date scheduled, String cron, String zone) {
        if (scheduled.getTime() % 1000 != 0) {
            return false;
        }
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            return expression.isSatisfiedBy(scheduled);
        } catch (ParseException invalid) {
            return true;
        }
    }

    static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
