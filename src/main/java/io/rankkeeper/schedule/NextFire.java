package io.rankkeeper.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a group's cron expression fires next, computed the way Quartz computes it, so that
 * {@code status} can show it without starting a scheduler. Stateless, thread-safe.
 */
public final class NextFire {

    private NextFire() {
    }

    /**
     * The first fire of {@code cron} (a Quartz cron expression read in {@code zone}) strictly after
     * {@code now}, or null when the expression never fires again (a past year).
     *
     * @throws IllegalArgumentException when {@code cron} is not a valid Quartz cron expression
     */
    public static Instant after(String cron, ZoneId zone, Instant now) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a Quartz cron expression: '" + cron + "' (" + e.getMessage() + ")",
                    e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        Date next = expression.getNextValidTimeAfter(Date.from(now));
        return next == null ? null : next.toInstant();
    }
}
