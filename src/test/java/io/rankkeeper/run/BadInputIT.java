package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.store.DatabaseSettings;
import io.rankkeeper.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input from the user, met by rankkeeper started as a user starts it (a JVM of its own):
 * broken configs and command lines exit 2, unusable databases exit 3, each with a message that
 * names the file and the fix, and the user's database is never changed or overwritten. The
 * in-process tables ({@code cli/BrokenConfigCommandTest}, {@code cli/BadArgumentsTest}) hold the
 * many cases; this test proves the real process behaves the same.
 */
class BadInputIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    /** The commands that open the database: one writes, one runs for ever, one only reads. */
    private static final List<String> DATABASE_COMMANDS = List.of("run", "daemon", "status");
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    private Path dataFile;
    private String url;

    @BeforeEach
    void paths() {
        dataFile = dir.resolve("db/rankkeeper.mv.db");
        url = "jdbc:h2:file:" + dir.resolve("db/rankkeeper");
    }

    @Test
    void brokenConfigsAreRefusedByTheProcessAndLeaveTheDatabaseAlone() throws Exception {
        createDatabase();
        Snapshot before = snapshot();
        String database = "database:\n  url: " + url + "\n";
        String group = "groups:\n  - name: books\n";
        String target = "    targets:\n      - url: http://127.0.0.1:9/dp/0132269937\n";
        Path badZone = config("zone.yml", database + group + "    timeZone: Europe/Berln\n" + target);
        Path badCron = config("cron.yml", database + group + "    schedule: \"0 * * * *\"\n" + target);
        Path duplicate = config("duplicate.yml", database + group + target
                + "  - name: more\n    targets:\n      - url: http://127.0.0.1:9/x/dp/0132269937\n");
        Path negative = config("negative.yml", database + "daemon:\n  shutdownGrace: -5s\n" + group + target);

        List<CliProcess> processes = new ArrayList<>();
        for (Path config : List.of(badZone, badCron, duplicate, negative)) {
            for (String command : List.of("run", "daemon")) {
                processes.add(CliProcess.start(dir, command + "-" + config.getFileName(), command, "--config",
                        config.toString()));
            }
        }
        List<String> errors = new ArrayList<>();
        for (CliProcess process : processes) {
            try (process) {
                assertThat(process.awaitExit(EXIT_TIMEOUT)).as(process.stderr()).isEqualTo(2);
                assertThat(process.stdout()).isEmpty();
                errors.add(process.stderr());
            }
        }

        assertThat(errors.get(0)).contains(badZone + ":5:", "groups[0].timeZone", "\"Europe/Berlin\"");
        assertThat(errors.get(2)).contains(badCron + ":5:", "groups[0].schedule", "Quartz cron");
        assertThat(errors.get(4)).contains(duplicate + ":9:", "groups[1].targets[0].url", "its own key");
        assertThat(errors.get(6)).contains(negative + ":4:", "daemon.shutdownGrace", "more than zero");
        for (int i = 0; i < errors.size(); i += 2) {
            assertThat(errors.get(i + 1)).as("daemon says what run says").endsWith(errors.get(i));
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(dir.resolve("db/rankkeeper.daemon.lock")).doesNotExist();
    }

    @Test
    void badCommandLinesAreRefusedByTheProcessWithAUsageHint() throws Exception {
        Path config = config("ok.yml", validConfig());
        try (CliProcess unknown = CliProcess.start(dir, "unknown", "frobnicate");
                CliProcess since = CliProcess.start(dir, "since", "history", "--config", config.toString(),
                        "shop/A", "--since", "yesterday");
                CliProcess format = CliProcess.start(dir, "format", "status", "--config", config.toString(),
                        "--format", "xml")) {
            assertThat(unknown.awaitExit(EXIT_TIMEOUT)).isEqualTo(2);
            assertThat(since.awaitExit(EXIT_TIMEOUT)).isEqualTo(2);
            assertThat(format.awaitExit(EXIT_TIMEOUT)).isEqualTo(2);

            assertThat(unknown.stderr()).contains("'frobnicate'", "Try 'rankkeeper --help' for usage.");
            assertThat(since.stderr()).contains("bad --since 'yesterday'", "Try 'rankkeeper history --help'");
            assertThat(format.stderr()).contains("'xml'", "TABLE, JSON", "Try 'rankkeeper status --help'");
        }
        assertThat(dir.resolve("db")).as("no database created by a refused command").doesNotExist();
    }

    @Test
    void databaseHeldByAnotherProgramWithoutSharedModeIsExplainedAndLeftAlone() throws Exception {
        createDatabase();
        Snapshot before = snapshot();
        Path config = config("ok.yml", validConfig());
        // An SQL tool, say, holding the file with a plain URL (no AUTO_SERVER), as a user might.
        Process holder = new ProcessBuilder(CliProcess.java(), "-cp", System.getProperty("java.class.path"),
                "io.rankkeeper.store.HoldH2Open", url).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("open");

            for (String error : refusedByEveryCommand(config)) {
                assertThat(error).contains(dataFile.toString(), "is locked", "another process has it open",
                        ";AUTO_SERVER=TRUE").doesNotContain("rkfile:");
            }
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        // the holder itself writes to the file, so the data is compared, not the bytes
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void schemaNewerThanThisBinaryIsRefusedNamingBothVersions() throws Exception {
        createDatabase();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type", "script",
                        "checksum", "installed_by", "execution_time", "success")
                    VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, TRUE)
                    """);
        }
        Snapshot before = snapshot();
        Path config = config("ok.yml", validConfig());

        for (String error : refusedByEveryCommand(config)) {
            assertThat(error).contains("The database " + dataFile + " has schema version 99, newer than version "
                    + latestMigration() + " that this rankkeeper version knows", "upgrade rankkeeper")
                    .doesNotContain("rkfile:");
        }
        assertThat(snapshot()).as("nothing synced, run or repaired").isEqualTo(before);
    }

    @Test
    void olderSchemaIsMigratedByARunAndKeepsItsHistory() throws Exception {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/common", "classpath:db/h2")
                .target("2").load().migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO target (target_key, group_name, url, active, first_seen_at, updated_at)
                    VALUES ('old/1', 'old', 'http://127.0.0.1:9/dp/1', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""");
        }
        Path config = config("ok.yml", validConfig());

        try (CliProcess run = CliProcess.start(dir, "run", "run", "--config", config.toString(), "--progress", "none")) {
            assertThat(run.awaitExit(EXIT_TIMEOUT)).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("completed, 1 of 1 targets");
        }

        Snapshot after = snapshot();
        assertThat(after.versions()).endsWith(Long.toString(latestMigration()));
        assertThat(after.targets()).as("the old target kept (inactive) beside the new one").isEqualTo(2);
        assertThat(after.observations()).isEqualTo(1);
    }

    @Test
    void corruptFileIsExplainedAndNeverOverwritten() throws Exception {
        Files.createDirectories(dataFile.getParent());
        byte[] noise = new byte[256 * 1024];
        new Random(7).nextBytes(noise);
        Files.write(dataFile, noise);
        Path config = config("ok.yml", validConfig());

        for (String error : refusedByEveryCommand(config)) {
            assertThat(error).contains("The database file " + dataFile + " cannot be read", "corrupt",
                    "left unchanged", "Restore it from a backup").doesNotContain("rkfile:");
        }
        assertThat(Files.readAllBytes(dataFile)).isEqualTo(noise);
    }

    @Test
    void unreadableAndReadOnlyFilesAreExplainedAndNeverChanged() throws Exception {
        createDatabase();
        Path config = config("ok.yml", validConfig());
        String checksum = checksum(dataFile);
        Path jar = jarForAnotherUserIfRoot();

        Files.setPosixFilePermissions(dataFile, PosixFilePermissions.fromString("---------"));
        for (String error : refusedByEveryCommand(config, jar)) {
            assertThat(error).contains("The database file " + dataFile + " cannot be read or written by the user",
                    "---------", "left unchanged", "chmod");
        }
        Files.setPosixFilePermissions(dataFile, PosixFilePermissions.fromString("r--r--r--"));
        for (String error : refusedByEveryCommand(config, jar)) {
            assertThat(error).contains("The database file " + dataFile + " cannot be written by the user",
                    "r--r--r--", "left unchanged");
        }

        Files.setPosixFilePermissions(dataFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(checksum(dataFile)).isEqualTo(checksum);
    }

    @Test
    void unreadableTargetsFileIsAConfigErrorNamingIt() throws Exception {
        Path targets = Files.writeString(dir.resolve("targets.csv"), "key,url\na,http://127.0.0.1:9/dp/1\n");
        Path config = config("ok.yml", validConfig().replaceAll("(?s)    targets:.*", "    targetsFile: targets.csv\n"));
        Path jar = jarForAnotherUserIfRoot();
        Files.setPosixFilePermissions(targets, PosixFilePermissions.fromString("---------"));

        for (String error : refused(config, jar, 2, List.of("run", "daemon"))) {
            assertThat(error).contains("error: bad config: " + config + ":", "groups[0].targetsFile",
                    targets + " cannot be read by the user running rankkeeper", "chmod a+r");
        }
        // status shows the schedules and reads no targets: it goes on to the (missing) database
        assertThat(refused(config, jar, 3, List.of("status"))).singleElement().asString()
                .contains("error: database: There is no database at").doesNotContain("targets.csv");
        assertThat(dir.resolve("db")).doesNotExist();
    }

    /** Runs every database command on {@code config}; each must exit 3; returns their stderr. */
    private List<String> refusedByEveryCommand(Path config) throws Exception {
        return refusedByEveryCommand(config, null);
    }

    /** As above; with a {@code jar}, the commands run from it as the user nobody. */
    private List<String> refusedByEveryCommand(Path config, Path jar) throws Exception {
        List<String> errors = refused(config, jar, 3);
        for (String error : errors) {
            assertThat(error).contains("error: database: ");
        }
        return errors;
    }

    /**
     * Runs every database command on {@code config}, one after the other (run at once, they would
     * meet each other's lock on the H2 file instead of the fault under test); each must exit with
     * {@code exit}; returns their stderr.
     */
    private List<String> refused(Path config, Path jar, int exit) throws Exception {
        return refused(config, jar, exit, DATABASE_COMMANDS);
    }

    /** As above, for these {@code commands} only. */
    private List<String> refused(Path config, Path jar, int exit, List<String> commands) throws Exception {
        List<String> errors = new ArrayList<>();
        for (String command : commands) {
            String name = command + "-" + System.nanoTime();
            List<String> args = List.of(command, "--config", config.toString());
            CliProcess started;
            if (jar == null) {
                started = CliProcess.start(dir, name, args.toArray(String[]::new));
            } else {
                List<String> asNobody = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY,
                        "--regid=" + NOBODY, "--clear-groups", CliProcess.java(), "-jar", jar.toString()));
                asNobody.addAll(args);
                started = CliProcess.startCommand(dir, name, asNobody);
            }
            try (CliProcess process = started) {
                assertThat(process.awaitExit(EXIT_TIMEOUT)).as(command + ": " + process.stderr()).isEqualTo(exit);
                assertThat(process.stderr()).as(command).doesNotContain("\tat ");
                errors.add(process.stderr());
            }
        }
        return errors;
    }

    /**
     * The jar to run rankkeeper from as the user nobody when the tests run as root (where chmod
     * does not stop reads), after opening the test folder to that user; null when not root. Skips
     * the test with a message when that is impossible.
     */
    private Path jarForAnotherUserIfRoot() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        // the test class path under root's home is not readable by nobody: the built jar is
        Path jar = Path.of("target", "rankkeeper.jar").toAbsolutePath();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isRegularFile(jar),
                "skipped: running as root, where chmod does not stop reads, and no setpriv or no built jar"
                        + " to run rankkeeper as another user");
        try (Stream<Path> folders = Files.walk(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        }
        return jar;
    }

    private void createDatabase() {
        Store.open(new DatabaseSettings(url, null, null)).close();
    }

    private String validConfig() {
        return """
                database:
                  url: %s
                http:
                  retries: 0
                  robotsTxt: false
                groups:
                  - name: books
                    targets:
                      - url: http://127.0.0.1:9/dp/0132269937
                """.formatted(url);
    }

    private Path config(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** What a user's data is: the schema versions applied and the rows of the history tables. */
    record Snapshot(List<String> versions, long targets, long runs, long observations) {
    }

    private Snapshot snapshot() throws Exception {
        try (Connection connection = DriverManager.getConnection(url + ";IFEXISTS=TRUE");
                Statement statement = connection.createStatement()) {
            List<String> versions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT \"version\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
                while (rows.next()) {
                    versions.add(rows.getString(1));
                }
            }
            return new Snapshot(versions, count(statement, "target"), count(statement, "scrape_run"),
                    count(statement, "observation"));
        }
    }

    private static long count(Statement statement, String table) throws Exception {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String checksum(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The highest migration version in db/ for H2. */
    private static long latestMigration() throws IOException {
        Pattern versioned = Pattern.compile("V(\\d+)__.*\\.sql");
        long latest = 0;
        for (Path folder : List.of(Path.of("db/common"), Path.of("db/h2"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Matcher match = versioned.matcher(file.getFileName().toString());
                    if (match.matches()) {
                        latest = Math.max(latest, Long.parseLong(match.group(1)));
                    }
                }
            }
        }
        return latest;
    }
}
