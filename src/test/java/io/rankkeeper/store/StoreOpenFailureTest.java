package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoreOpenFailureTest {

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAndDrop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private FreshDatabase database(DatabaseKind kind) {
        FreshDatabase database = FreshDatabase.create(kind);
        opened.add(database);
        return database;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesASchemaNewerThanThisVersionKnows(DatabaseKind kind) throws Exception {
        FreshDatabase database = database(kind);
        Store.open(database.settings()).close();
        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type", "script",
                        "checksum", "installed_by", "execution_time", "success")
                    VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, TRUE)
                    """);
        }

        assertThatThrownBy(() -> Store.open(database.settings()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than version " + Migrations.latest(kind))
                .hasMessageContaining("upgrade rankkeeper");

        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '99'");
            rows.next();
            assertThat(rows.getInt(1)).as("the future row is left alone, never repaired").isEqualTo(1);
        }
    }

    @Test
    void explainsThatAnotherProcessHoldsTheH2File() throws Exception {
        FreshDatabase database = database(DatabaseKind.H2);
        Store.open(database.settings()).close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldH2Open.class.getName(), database.url()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("open");

            assertThatThrownBy(() -> Store.open(database.settings()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(database.directory().resolve("rankkeeper").toString())
                    .hasMessageContaining("locked")
                    .hasMessageContaining("90020")
                    .hasMessageContaining("Stop the other rankkeeper process");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    void explainsAnUnreadableH2FileAndLeavesItUnchanged() throws Exception {
        FreshDatabase database = database(DatabaseKind.H2);
        Path file = database.directory().resolve("rankkeeper.mv.db");
        byte[] garbage = new byte[64 * 1024];
        Arrays.fill(garbage, (byte) 'x');
        Files.write(file, garbage);

        assertThatThrownBy(() -> Store.open(database.settings()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("left unchanged");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void namesTheUnreachablePostgresqlServerWithThePasswordMasked() {
        DatabaseSettings settings = new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:1/rankkeeper?user=rk&password=s3cret&connectTimeout=2", null, null);

        assertThatThrownBy(() -> Store.open(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:1/rankkeeper")
                .hasMessageContaining("password=****")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void rejectsAnUnsupportedDatabaseUrl() {
        assertThatThrownBy(() -> Store.open(new DatabaseSettings("jdbc:mysql://host/db", null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:mysql://host/db")
                .hasMessageContaining("jdbc:h2:file:");
    }
}
