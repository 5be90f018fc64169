package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rankkeeper exposes, checked on real processes: the ports it listens on (read from the
 * process's own sockets in /proc), H2's automatic server (never creates a database for a remote
 * client), and database passwords (given through the environment, a file or the URL: never in
 * stdout, stderr, the log file or an error message, whether the login fails, the config is
 * broken or everything works).
 */
class SecurityIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** The password under test: distinctive, so any trace of it is found. */
    private static final String SECRET = "Pw-" + UUID.randomUUID().toString().substring(0, 8) + "-s3cret";
    private static final String SECRET_VARIABLE = "RK_TEST_DB_PASSWORD";
    private static final String TCP_LISTEN = "0A";

    @TempDir
    Path dir;

    @Test
    void daemonAndDemoListenOnLoopbackOnlyAndH2NeverCreatesADatabaseForARemoteClient() throws Exception {
        Path database = dir.resolve("db/rankkeeper");
        Path config = Files.writeString(dir.resolve("rankkeeper.yml"), """
                database:
                  url: jdbc:h2:file:%s
                http:
                  robotsTxt: false
                groups:
                  - name: books
                    targets:
                      - url: http://127.0.0.1:9/dp/0132269937
                """.formatted(database));
        try (CliProcess daemon = CliProcess.start(dir, "daemon", "daemon", "--config", config.toString());
                CliProcess demo = CliProcess.start(dir, "demo", "demo", "--dir", dir.resolve("demo").toString(),
                        "--every", "5")) {
            daemon.awaitOutput("rankkeeper daemon running", START);
            demo.awaitOutput("Stop with Ctrl-C", START);

            List<Listening> daemonPorts = listeningSockets(daemon.pid());
            List<Listening> demoPorts = listeningSockets(demo.pid());

            int h2Port = autoServerPort(database);
            assertThat(daemonPorts).as("the daemon listens only for H2's automatic server")
                    .extracting(Listening::port).containsExactly(h2Port);
            assertThat(demoPorts).as("the demo: its shop hosts and H2's automatic server").hasSizeGreaterThan(1);
            assertThat(Stream.concat(daemonPorts.stream(), demoPorts.stream()))
                    .allSatisfy(socket -> assertThat(socket.address().isLoopbackAddress())
                            .as("%s listens beyond loopback", socket).isTrue());

            // a client of the automatic server asks for a database that does not exist
            Path remote = dir.resolve("created-remotely");
            for (String url : List.of("jdbc:h2:tcp://127.0.0.1:" + h2Port + "/" + remote,
                    "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/" + remote + ";IFEXISTS=FALSE",
                    "jdbc:h2:tcp://127.0.0.1:" + h2Port + "/" + database)) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "")).as(url)
                        .isInstanceOf(SQLException.class);
            }
            assertThat(dir.resolve("created-remotely.mv.db")).doesNotExist();

            daemon.stop();
            demo.stop();
            assertThat(daemon.awaitExit(EXIT)).as(daemon.stderr()).isZero();
            assertThat(demo.awaitExit(EXIT)).as(demo.stderr()).isZero();
        }
    }

    @Test
    void aRefusedLoginNeverShowsThePasswordWhereverItCameFrom() throws Exception {
        try (RefusingPostgres server = new RefusingPostgres()) {
            String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/rankkeeper?user=rk&connectTimeout=10";
            Files.writeString(dir.resolve("password.txt"), SECRET + "\n");
            Map<String, String> ways = Map.of(
                    "environment", "database:\n  url: " + url + "\n  password: ${" + SECRET_VARIABLE + "}\n",
                    "file", "database:\n  url: " + url + "\n  passwordFile: password.txt\n",
                    "url", "database:\n  url: " + url + "&password=${" + SECRET_VARIABLE + "}\n");
            List<CliProcess> processes = new ArrayList<>();
            for (Map.Entry<String, String> way : ways.entrySet()) {
                Path config = writeConfig(way.getKey(), way.getValue());
                for (String command : List.of("status", "run", "daemon")) {
                    processes.add(start(way.getKey() + "-" + command, command, config));
                }
            }
            for (CliProcess process : processes) {
                try (process) {
                    assertThat(process.awaitExit(EXIT)).as(process.stderr()).isEqualTo(3);
                    assertThat(process.stderr()).contains("refused the login", "password authentication failed",
                            "Check the database user and password");
                }
            }

            assertThat(server.passwordsReceived()).as("the secret really went to the server").contains(SECRET)
                    .allMatch(SECRET::equals);
        }
        assertNoSecretAnywhere();
    }

    @Test
    void aBrokenConfigNeverShowsThePassword() throws Exception {
        Files.writeString(dir.resolve("password.txt"), SECRET + "\n");
        String group = "groups:\n  - name: books\n    timeZone: Europe/Berln\n"
                + "    targets:\n      - url: http://127.0.0.1:9/dp/0132269937\n";
        Path environment = writeConfig("environment", "database:\n  url: jdbc:postgresql://127.0.0.1:9/rk\n"
                + "  password: ${" + SECRET_VARIABLE + "}\n" + group);
        Path file = writeConfig("file", "database:\n  url: jdbc:postgresql://127.0.0.1:9/rk\n"
                + "  passwordFile: password.txt\n" + group);
        // a URL written the way other tools write it, with the password inside: refused, masked
        Path notJdbc = writeConfig("not-jdbc", "database:\n  url: postgres://rk:${" + SECRET_VARIABLE
                + "}@127.0.0.1/rk\n" + group.replace("Europe/Berln", "UTC"));
        List<CliProcess> processes = new ArrayList<>();
        for (Path config : List.of(environment, file, notJdbc)) {
            for (String command : List.of("status", "daemon")) {
                processes.add(start(config.getFileName() + "-" + command, command, config));
            }
        }
        for (CliProcess process : processes) {
            try (process) {
                assertThat(process.awaitExit(EXIT)).as(process.stderr()).isEqualTo(2);
            }
        }
        assertThat(Files.readString(dir.resolve("not-jdbc.yml-daemon.err")))
                .contains("database.url", "postgres://rk:****@127.0.0.1/rk");
        assertNoSecretAnywhere();
    }

    @Test
    void aWorkingDaemonOnPostgresqlNeverShowsThePasswordEvenInDebugLogs() throws Exception {
        String adminUrl = System.getenv("RANKKEEPER_TEST_JDBC_URL");
        Assumptions.assumeTrue(adminUrl != null && !adminUrl.isBlank(),
                "PostgreSQL variant skipped: set RANKKEEPER_TEST_JDBC_URL (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
        String schema = "rk_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(adminUrl, "CREATE SCHEMA " + schema);
        try {
            // the server trusts local logins, so it takes any password: the secret is sent and accepted
            String url = adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema
                    + "&password=${" + SECRET_VARIABLE + "}";
            Path config = writeConfig("working", "database:\n  url: " + url + "\n  password: ${" + SECRET_VARIABLE
                    + "}\nhttp:\n  robotsTxt: false\n  retries: 0\ngroups:\n  - name: books\n    schedule: \"*/2 * * * * ?\"\n"
                    + "    targets:\n      - url: http://127.0.0.1:9/dp/0132269937\n");
            try (CliProcess daemon = start("working-daemon", "daemon", config)) {
                daemon.awaitOutput("Run \\d+ of group 'books' completed", START);
                try (CliProcess status = start("working-status", "status", config)) {
                    assertThat(status.awaitExit(EXIT)).as(status.stderr()).isZero();
                    assertThat(status.stdout()).contains("Daemon: running");
                }
                daemon.stop();
                assertThat(daemon.awaitExit(EXIT)).as(daemon.stderr()).isZero();
                assertThat(daemon.stdout()).contains("password=****");
            }
        } finally {
            execute(adminUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
        assertNoSecretAnywhere();
    }

    /** {@code yaml} with a log file for the daemon, and one group unless it has its own. */
    private Path writeConfig(String name, String yaml) throws IOException {
        String text = "daemon:\n  logFile: logs/" + name + ".log\n" + yaml + (yaml.contains("groups:") ? ""
                : "groups:\n  - name: books\n    targets:\n      - url: http://127.0.0.1:9/dp/0132269937\n");
        return Files.writeString(dir.resolve(name + ".yml"), text);
    }

    /** The command as a user runs it, with the secret in its environment and every log line on. */
    private CliProcess start(String name, String command, Path config) throws IOException {
        List<String> line = List.of(CliProcess.java(), "-Drankkeeper.log.level=DEBUG", "-cp",
                System.getProperty("java.class.path"), "io.rankkeeper.cli.Main", command, "--config", config.toString());
        return CliProcess.startCommand(dir, name, line, Map.of(SECRET_VARIABLE, SECRET));
    }

    /** Every file the processes wrote (stdout, stderr, log files) is free of the secret. */
    private void assertNoSecretAnywhere() throws IOException {
        List<Path> written;
        try (Stream<Path> files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().matches(".*\\.(out|err|log)$")).toList();
        }
        assertThat(written).as("output files").isNotEmpty();
        for (Path file : written) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(SECRET);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The port H2's automatic server announces in the database's lock file. */
    private static int autoServerPort(Path database) throws IOException {
        Properties lock = new Properties();
        try (var in = Files.newInputStream(Path.of(database + ".lock.db"))) {
            lock.load(in);
        }
        String server = lock.getProperty("server");
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }

    /** A socket in the LISTEN state. */
    record Listening(InetAddress address, int port) {
    }

    /**
     * The TCP sockets process {@code pid} listens on: its socket inodes (from /proc/PID/fd) looked
     * up in the kernel's socket tables (/proc/PID/net/tcp and tcp6).
     */
    private static List<Listening> listeningSockets(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Assumptions.assumeTrue(Files.isDirectory(proc.resolve("fd")), "skipped: no /proc on this system");
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(proc.resolve("fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while we read: not a listening socket of interest
                }
            }
        }
        List<Listening> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            // Read once: the table changes as sockets open and close (two reads once differed in length).
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (fields[3].equals(TCP_LISTEN) && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    listening.add(new Listening(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listening;
    }

    /** A /proc/net address: 32-bit words in host (little-endian) order, as hex. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + (3 - i)) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
