package io.rankkeeper.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quartz wiring against a real H2 database with the Flyway schema (Quartz tables included). */
class RankSchedulerTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String HOURLY = "0 0 * * * ?";

    @TempDir
    Path dir;

    private Store store;
    private final List<Fire> fires = new CopyOnWriteArrayList<>();
    private final List<RankScheduler> schedulers = new ArrayList<>();
    private RankScheduler current;

    @BeforeEach
    void openStore() {
        store = Store.open(new DatabaseSettings("jdbc:h2:file:" + dir.resolve("rankkeeper"), null, null));
    }

    @AfterEach
    void closeAll() {
        schedulers.forEach(RankScheduler::shutdown);
        store.close();
    }

    @Test
    void syncCreatesOneJobAndTriggerPerShardAndAgainCreatesNothing() throws Exception {
        List<GroupSchedule> groups = List.of(new GroupSchedule("books", "*/3 * * * * ?", UTC, true, 1),
                new GroupSchedule("big", HOURLY, ZoneId.of("Europe/Berlin"), false, 3));

        assertThat(scheduler().sync(groups)).isEqualTo(new SyncReport(4, 0, 0));
        assertThat(scheduler().sync(groups)).isEqualTo(new SyncReport(0, 0, 0));
        restart();
        // A restart: a new scheduler on the same database.
        assertThat(scheduler().sync(groups)).isEqualTo(new SyncReport(0, 0, 0));

        assertThat(cronTriggers()).containsExactly(
                Map.entry("big#0", HOURLY + " Europe/Berlin"), Map.entry("big#1", HOURLY + " Europe/Berlin"),
                Map.entry("big#2", HOURLY + " Europe/Berlin"), Map.entry("books#0", "*/3 * * * * ? UTC"));
        assertThat(count("select count(*) from QRTZ_TRIGGERS")).isEqualTo(4);
        assertThat(count("select count(*) from QRTZ_JOB_DETAILS")).isEqualTo(4);
        assertThat(scheduler().scheduledGroups())
                .extracting(ScheduledGroup::group, ScheduledGroup::shard, ScheduledGroup::catchUpOnce)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("books", 0, true),
                        org.assertj.core.groups.Tuple.tuple("big", 0, false),
                        org.assertj.core.groups.Tuple.tuple("big", 1, false),
                        org.assertj.core.groups.Tuple.tuple("big", 2, false));
    }

    @Test
    void syncReschedulesWhatChangedAndDeletesWhatLeftTheConfig() throws Exception {
        scheduler().sync(List.of(new GroupSchedule("books", "*/3 * * * * ?", UTC, true, 1),
                new GroupSchedule("big", HOURLY, UTC, false, 3),
                new GroupSchedule("gone", HOURLY, UTC, true, 1)));
        restart();

        SyncReport report = scheduler().sync(List.of(new GroupSchedule("books", "*/5 * * * * ?", UTC, true, 1),
                new GroupSchedule("big", HOURLY, UTC, false, 2)));

        // books: new cron; big#0 and big#1: their job now has 2 shards; big#2 and gone#0 removed
        assertThat(report).isEqualTo(new SyncReport(0, 3, 2));
        assertThat(cronTriggers()).containsExactly(Map.entry("big#0", HOURLY + " UTC"),
                Map.entry("big#1", HOURLY + " UTC"), Map.entry("books#0", "*/5 * * * * ? UTC"));
        assertThat(count("select count(*) from QRTZ_TRIGGERS")).isEqualTo(3);
        assertThat(count("select count(*) from QRTZ_JOB_DETAILS")).isEqualTo(3);

        assertThat(scheduler().sync(List.of(new GroupSchedule("books", "*/5 * * * * ?", UTC, false, 1),
                new GroupSchedule("big", HOURLY, UTC, false, 2))))
                .as("a new catch-up policy is a change of the trigger's misfire instruction")
                .isEqualTo(new SyncReport(0, 1, 0));
        assertThat(scheduler().scheduledGroups()).filteredOn(group -> group.group().equals("books"))
                .singleElement().satisfies(group -> assertThat(group.catchUpOnce()).isFalse());
    }

    @Test
    void aSingleNodeDoesNotAskQuartzToRunACrashedJobAgain() throws Exception {
        List<GroupSchedule> groups = List.of(new GroupSchedule("books", HOURLY, UTC, true, 1));
        scheduler().sync(groups);
        assertThat(count("select count(*) from QRTZ_JOB_DETAILS where REQUESTS_RECOVERY")).isZero();
        restart();
        // as stored by a version that asked for recovery on a single node too
        try (Connection db = store.dataSource().getConnection()) {
            db.createStatement().executeUpdate("update QRTZ_JOB_DETAILS set REQUESTS_RECOVERY = true");
        }

        assertThat(scheduler().sync(groups)).isEqualTo(new SyncReport(0, 1, 0));
        assertThat(count("select count(*) from QRTZ_JOB_DETAILS where REQUESTS_RECOVERY")).isZero();
    }

    @Test
    void firesOnCronSlotsAsScheduledRuns() throws Exception {
        RankScheduler scheduler = scheduler();
        scheduler.sync(List.of(new GroupSchedule("books", "* * * * * ?", UTC, true, 1)));
        scheduler.begin();

        awaitFires(2, Duration.ofSeconds(5));

        assertThat(fires).allSatisfy(fire -> {
            assertThat(fire.group()).isEqualTo("books");
            assertThat(fire.shard()).isZero();
            assertThat(fire.shards()).isEqualTo(1);
            assertThat(fire.catchUp()).isFalse();
            assertThat(fire.recovering()).isFalse();
            assertThat(fire.scheduledAt().getNano()).isZero();
        });
        assertThat(fires.get(1).scheduledAt()).isEqualTo(fires.get(0).scheduledAt().plusSeconds(1));
    }

    @Test
    void afterDowntimeCatchUpOnceFiresExactlyOneCatchUpNow() throws Exception {
        missThreeHourlyFires(true);
        Instant begun = Instant.now();
        scheduler().begin();

        awaitFires(1, Duration.ofSeconds(5));
        Thread.sleep(1_500);

        assertThat(fires).singleElement().satisfies(fire -> {
            assertThat(fire.catchUp()).isTrue();
            assertThat(fire.scheduledAt()).isBetween(begun.minusSeconds(1), Instant.now());
        });
        assertThat(scheduler().scheduledGroups()).singleElement().satisfies(RankSchedulerTest::assertNextFireIsTheNextFullHour);
    }

    @Test
    void afterDowntimeSkipFiresNothingUntilTheNextSlot() throws Exception {
        missThreeHourlyFires(false);
        scheduler().begin();

        Thread.sleep(2_500);

        assertThat(fires).isEmpty();
        assertThat(scheduler().scheduledGroups()).singleElement().satisfies(RankSchedulerTest::assertNextFireIsTheNextFullHour);
    }

    /** An hourly group whose stored next fire lies three hours back, as after a downtime. */
    private void missThreeHourlyFires(boolean catchUpOnce) throws SQLException {
        scheduler().sync(List.of(new GroupSchedule("books", HOURLY, UTC, catchUpOnce, 1)));
        Instant missed = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        try (Connection db = store.dataSource().getConnection();
                PreparedStatement update = db.prepareStatement("update QRTZ_TRIGGERS set NEXT_FIRE_TIME = ?")) {
            update.setLong(1, missed.toEpochMilli());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** The scheduler of the current "process". */
    private RankScheduler scheduler() {
        if (current == null) {
            current = RankScheduler.create(store.dataSource(),
                    new SchedulerSettings("test-node", false, 2, SchedulerSettings.DEFAULT_MISFIRE_THRESHOLD),
                    fires::add);
            schedulers.add(current);
        }
        return current;
    }

    /** Stops the current scheduler, as a daemon stops; the next {@link #scheduler()} is a restart. */
    private void restart() {
        current.shutdown();
        current = null;
    }

    /** The next full hour: where an hourly trigger waits after a skipped or caught-up misfire. */
    private static void assertNextFireIsTheNextFullHour(ScheduledGroup group) {
        Instant now = Instant.now();
        assertThat(group.nextFire()).isAfter(now).isBeforeOrEqualTo(now.plus(1, ChronoUnit.HOURS));
        assertThat(group.nextFire()).isEqualTo(group.nextFire().truncatedTo(ChronoUnit.HOURS));
    }

    private void awaitFires(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fires.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fires).hasSizeGreaterThanOrEqualTo(count);
    }

    private Map<String, String> cronTriggers() throws SQLException {
        Map<String, String> triggers = new TreeMap<>();
        try (Connection db = store.dataSource().getConnection();
                PreparedStatement query = db.prepareStatement(
                        "select TRIGGER_NAME, CRON_EXPRESSION, TIME_ZONE_ID from QRTZ_CRON_TRIGGERS");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                triggers.put(rows.getString(1), rows.getString(2) + " " + rows.getString(3));
            }
        }
        return triggers;
    }

    private long count(String sql) throws SQLException {
        try (Connection db = store.dataSource().getConnection();
                PreparedStatement query = db.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
