package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.demo.Marketplace;
import io.rankkeeper.demo.Marketplace.Reply;
import io.rankkeeper.demo.ProductPage;
import io.rankkeeper.model.CategoryRank;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code run} command end to end: a config of 50 targets over 5 loopback hosts, a local shop
 * serving realistic product pages, and every stored rank checked against what was served.
 */
class RunCommandIT {

    private static final int HOSTS = 5;
    /** The robot check comes from a host of its own: a blocked host is rightly backed off for a minute. */
    private static final String BLOCKED_ASIN = "B000000001";
    private static final int TARGETS = 50;
    private static final String ROBOT_CHECK = """
            <html><head><title>Robot Check</title></head><body>
            <form method="get" action="/errors/validateCaptcha" name="">
            <h4>Enter the characters you see below</h4>
            <input autocomplete="off" spellcheck="false" id="captchacharacters" name="field-keywords" type="text">
            </form></body></html>""";

    @TempDir
    Path dir;

    private final Map<String, ProductPage> served = new HashMap<>();
    private Marketplace shop;

    @BeforeEach
    void startShop() throws Exception {
        for (int item = 0; item < TARGETS; item++) {
            String asin = String.format("B%09d", item);
            List<CategoryRank> ranks = item == 3 ? List.of() : List.of(
                    new CategoryRank("Books", "books", null, 1_000L + item * 7_919L, true),
                    new CategoryRank("Python Programming", "285856", null, item + 1L, false),
                    new CategoryRank("Software Development", "3608", null, 100L + item, false));
            served.put(asin, new ProductPage(asin, "Book number " + item, ranks, 300_000));
        }
        shop = Marketplace.start(HOSTS + 1, (host, path) -> {
            if (path.equals("/robots.txt")) {
                return Reply.notFound();
            }
            String asin = path.substring(path.lastIndexOf('/') + 1);
            if (asin.equals(BLOCKED_ASIN)) {
                return Reply.html(ROBOT_CHECK);
            }
            if (asin.equals("B000000002")) {
                return Reply.notFound();
            }
            ProductPage page = served.get(asin);
            return page == null ? Reply.notFound() : Reply.html(page.html());
        });
    }

    @AfterEach
    void stopShop() {
        shop.close();
    }

    @Test
    void storesEveryAttemptAndEveryRankOfFiftyTargetsOverFiveHosts() throws Exception {
        Path config = writeConfig();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = execute(out, err, "run", "--config", config.toString(), "--progress", "none");

        assertThat(exit).as(err.toString()).isEqualTo(0);
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/rankkeeper"));
                Statement sql = db.createStatement()) {
            Map<String, String> outcomes = new HashMap<>();
            try (ResultSet rows = sql.executeQuery("""
                    select t.target_key, o.outcome from observation o join target t on t.id = o.target_id""")) {
                while (rows.next()) {
                    outcomes.put(rows.getString(1), rows.getString(2));
                }
            }
            assertThat(outcomes).hasSize(TARGETS);
            assertThat(outcomes.get("shop/B000000001")).isEqualTo("BLOCKED");
            assertThat(outcomes.get("shop/B000000002")).isEqualTo("HTTP_ERROR");
            assertThat(outcomes.get("shop/B000000003")).isEqualTo("NOT_RANKED");
            assertThat(outcomes.values().stream().filter("OK"::equals)).hasSize(TARGETS - 3);

            Map<String, List<String>> stored = new HashMap<>();
            try (ResultSet rows = sql.executeQuery("""
                    select t.target_key, c.name, c.node_id, r.rank, r.is_main
                    from rank r join observation o on o.id = r.observation_id
                    join target t on t.id = o.target_id join category c on c.id = r.category_id
                    order by t.target_key, r.is_main desc, r.rank""")) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), key -> new ArrayList<>()).add(
                            rows.getString(2) + "|" + rows.getString(3) + "|" + rows.getLong(4) + "|" + rows.getBoolean(5));
                }
            }
            for (Map.Entry<String, ProductPage> entry : served.entrySet()) {
                String key = "shop/" + entry.getKey();
                if (!"OK".equals(outcomes.get(key))) {
                    assertThat(stored.get(key)).as(key).isNull();
                    continue;
                }
                List<String> expected = entry.getValue().ranks().stream()
                        .map(rank -> rank.category() + "|" + rank.nodeId() + "|" + rank.rank() + "|" + rank.main())
                        .toList();
                assertThat(stored.get(key)).as(key).containsExactlyElementsOf(expected);
            }
            try (ResultSet run = sql.executeQuery("select status, reason, ok_count, blocked_count from scrape_run")) {
                assertThat(run.next()).isTrue();
                assertThat(run.getString("status")).isEqualTo("COMPLETED");
                assertThat(run.getString("reason")).isEqualTo("MANUAL");
                assertThat(run.getInt("ok_count")).isEqualTo(TARGETS - 3);
                assertThat(run.getInt("blocked_count")).isEqualTo(1);
                assertThat(run.next()).isFalse();
            }
        }
        assertThat(out.toString())
                .contains("shop/B000000010", "Book number 10", "#80,190", "Books", "#11 Python Programming")
                .contains("BLOCKED")
                .contains("Outcomes: OK 47, NOT_RANKED 1, BLOCKED 1, HTTP_ERROR 1");
    }

    @Test
    void refusesABrokenConfigWithExitCodeTwoAndWritesNothing() throws Exception {
        Path config = dir.resolve("broken.yml");
        Files.writeString(config, """
                database:
                  url: jdbc:h2:file:%s
                groups:
                  - name: books
                    timeZone: Mars/Olympus
                    targets:
                      - key: a
                        url: https://www.amazon.com/dp/0132269937
                """.formatted(dir.resolve("db/rankkeeper")));
        StringWriter err = new StringWriter();

        int exit = execute(new StringWriter(), err, "run", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("broken.yml", "timeZone", "Mars/Olympus");
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void rejectsAnUnknownTargetWithItsNameAndExitCodeTwo() throws Exception {
        Path config = writeConfig();
        StringWriter err = new StringWriter();

        int exit = execute(new StringWriter(), err, "run", "--config", config.toString(), "--target", "shop/nope");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown target 'shop/nope'");
    }

    private Path writeConfig() throws Exception {
        StringBuilder targets = new StringBuilder();
        for (int item = 0; item < TARGETS; item++) {
            String asin = String.format("B%09d", item);
            targets.append("      - key: shop/").append(asin).append('\n')
                    .append("        url: ").append(shop.baseUri(asin.equals(BLOCKED_ASIN) ? HOSTS : item % HOSTS))
                    .append("/dp/").append(asin).append('\n')
                    .append("        label: Book number ").append(item).append('\n');
        }
        Path config = dir.resolve("rankkeeper.yml");
        Files.writeString(config, """
                database:
                  url: jdbc:h2:file:%s
                http:
                  timeout: 10s
                  perHostConcurrency: 4
                  perHostDelay: 0ms
                  retries: 0
                groups:
                  - name: books
                    schedule: "0 0 * * * ?"
                    extractor: amazon
                    targets:
                %s""".formatted(dir.resolve("db/rankkeeper"), targets));
        return config;
    }

    private static int execute(StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
