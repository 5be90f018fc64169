package io.rankkeeper.store;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides which PostgreSQL server the tests use, once per JVM: the server
 * named by {@value #URL_VARIABLE} (as CI sets it), else a throwaway server in Docker
 * (Testcontainers) when Docker is available, else none, and the PostgreSQL tests are skipped
 * with a message saying how to run them. Thread-safe.
 */
public final class TestPostgres {

    /** The JDBC URL of a PostgreSQL database the tests may create schemas in (user and password in the URL). */
    public static final String URL_VARIABLE = "RANKKEEPER_TEST_JDBC_URL";
    /** The server version the project supports first, so tests in Docker run on the oldest one. */
    static final String IMAGE = "postgres:15-alpine";

    /** How the choice came out: a URL, or why there is none. */
    private record Choice(String adminUrl, String skipReason) {
    }

    private static Choice choice;

    private TestPostgres() {
    }

    /**
     * The admin URL of the PostgreSQL database for tests, or a JUnit assumption failure (the test
     * is skipped with the reason) when there is neither the environment URL nor Docker.
     */
    public static String adminUrl() {
        Choice made = choose();
        Assumptions.assumeTrue(made.adminUrl() != null, made.skipReason());
        return made.adminUrl();
    }

    /** True when PostgreSQL tests can run here; never skips. */
    public static boolean available() {
        return choose().adminUrl() != null;
    }

    private static synchronized Choice choose() {
        if (choice == null) {
            choice = decide();
        }
        return choice;
    }

    /**
     * Asks Testcontainers, which knows every place a Docker engine may be (DOCKER_HOST, the
     * sockets of Docker, Docker Desktop, rootless Docker, its own properties file). Its ERROR log
     * listing them when there is none is muted during the question: the skip message says it.
     */
    private static boolean dockerAvailable() {
        ch.qos.logback.classic.Logger strategies = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("org.testcontainers.dockerclient");
        ch.qos.logback.classic.Level level = strategies.getLevel();
        strategies.setLevel(ch.qos.logback.classic.Level.OFF);
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        } finally {
            strategies.setLevel(level);
        }
    }

    private static Choice decide() {
        String fromEnvironment = System.getenv(URL_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Choice(fromEnvironment, null);
        }
        String howTo = "PostgreSQL test skipped: set " + URL_VARIABLE
                + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres) or make Docker available";
        boolean docker = dockerAvailable();
        if (!docker) {
            return new Choice(null, howTo + " (no Docker environment found)");
        }
        try {
            // Started once and left running: Testcontainers removes it when this JVM exits.
            @SuppressWarnings("resource")
            PostgreSQLContainer server = new PostgreSQLContainer(IMAGE);
            server.start();
            String url = server.getJdbcUrl();
            return new Choice(url + (url.contains("?") ? "&" : "?") + "user=" + server.getUsername() + "&password="
                    + server.getPassword(), null);
        } catch (RuntimeException failed) {
            return new Choice(null, howTo + " (Docker is there, but PostgreSQL did not start in it: "
                    + failed.getMessage() + ")");
        }
    }
}
