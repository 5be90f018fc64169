package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path folder;

    private RankkeeperConfig load(String yaml) {
        return ConfigFiles.load(ConfigFiles.write(folder, "rankkeeper.yml", yaml));
    }

    @Test
    void minimalConfigGetsEveryDefault() {
        RankkeeperConfig config = load("""
                groups:
                  - name: books
                    targets:
                      - url: https://www.amazon.com/dp/0132269937
                """);

        assertThat(config.database()).isEqualTo(new DatabaseConfig(DatabaseConfig.DEFAULT_URL, null, null));
        assertThat(config.http()).isEqualTo(HttpConfig.defaults());
        assertThat(config.http().userAgent()).startsWith("rankkeeper/").contains("(+https://github.com/rankkeeper/rankkeeper)");
        assertThat(config.http().maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.daemon()).isEqualTo(new DaemonConfig(Duration.ofSeconds(30), null));
        assertThat(config.cluster()).isEqualTo(new ClusterConfig(false, ConfigFiles.HOST_NAME));
        GroupConfig group = config.groups().get(0);
        assertThat(group.name()).isEqualTo("books");
        assertThat(group.schedule()).isEqualTo("0 0 * * * ?");
        assertThat(group.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(group.extractor().kind()).isEqualTo(ExtractorKind.AMAZON);
        assertThat(group.catchUp()).isEqualTo(CatchUp.ONCE);
        assertThat(group.robotsTxt()).isTrue();
        assertThat(group.shards()).isEqualTo(1);
        assertThat(group.targets()).containsExactly(new Target("amazon.com/0132269937", "books",
                URI.create("https://www.amazon.com/dp/0132269937"), null, null));
        assertThat(config.source()).isEqualTo(folder.resolve("rankkeeper.yml"));
    }

    @Test
    void emptyValuesMeanNotGivenSoDefaultsApply() {
        RankkeeperConfig config = load("""
                http:
                  timeout:
                daemon:
                  logFile:
                groups:
                  - name: books
                    timeZone:
                    targets: [ "https://www.amazon.com/dp/0132269937" ]
                """);

        assertThat(config.http().timeout()).isEqualTo(HttpConfig.DEFAULT_TIMEOUT);
        assertThat(config.daemon().logFile()).isNull();
        assertThat(config.groups().get(0).timeZone()).isEqualTo(GroupConfig.DEFAULT_TIME_ZONE);
    }

    @Test
    void fullConfigReadsEveryKey() {
        RankkeeperConfig config = load("""
                database:
                  url: jdbc:postgresql://db.example.org:5432/rankkeeper
                  user: rk
                  password: plain
                http:
                  userAgent: "tester/1.0"
                  timeout: 1m
                  connectTimeout: 500ms
                  maxConcurrency: 8
                  perHostConcurrency: 8
                  perHostDelay: 0s
                  retries: 0
                  maxBodySize: 512KB
                  robotsTxt: false
                daemon:
                  shutdownGrace: PT45S
                  logFile: logs/rk.log
                cluster:
                  enabled: true
                  nodeId: node-1
                  checkinInterval: 2s
                groups:
                  - name: shop.prices_1
                    schedule: "0 30 6 ? * MON-FRI"
                    timeZone: Europe/Berlin
                    extractor: css
                    css: { selector: "span.rank", regex: "#([0-9.]+)", groupingSeparators: ".", category: "Overall" }
                    catchUp: skip
                    robotsTxt: true
                    shards: 4
                    targets:
                      - key: shop/one
                        url: https://shop.example.org/items/1
                        label: One
                        itemId: X1
                """);

        assertThat(config.database()).isEqualTo(new DatabaseConfig("jdbc:postgresql://db.example.org:5432/rankkeeper", "rk", "plain"));
        assertThat(config.database().toString()).doesNotContain("plain");
        assertThat(config.http()).isEqualTo(new HttpConfig("tester/1.0", Duration.ofMinutes(1), Duration.ofMillis(500),
                8, 8, Duration.ZERO, 0, 512 * 1024, false));
        assertThat(config.daemon()).isEqualTo(new DaemonConfig(Duration.ofSeconds(45), Path.of("logs/rk.log")));
        assertThat(config.cluster()).isEqualTo(new ClusterConfig(true, "node-1", Duration.ofSeconds(2)));
        GroupConfig group = config.group("shop.prices_1");
        assertThat(group.schedule()).isEqualTo("0 30 6 ? * MON-FRI");
        assertThat(group.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(group.extractor()).isEqualTo(new io.rankkeeper.model.ExtractorSpec(ExtractorKind.CSS, "span.rank",
                "#([0-9.]+)", ".", "Overall"));
        assertThat(group.catchUp()).isEqualTo(CatchUp.SKIP);
        assertThat(group.robotsTxt()).isTrue();
        assertThat(group.shards()).isEqualTo(4);
        assertThat(group.targets()).containsExactly(new Target("shop/one", "shop.prices_1",
                URI.create("https://shop.example.org/items/1"), "One", "X1"));
    }

    @Test
    void groupRobotsTxtDefaultsToTheHttpSetting() {
        RankkeeperConfig config = load("""
                http:
                  robotsTxt: false
                groups:
                  - name: a
                    targets: [ "https://www.amazon.de/dp/3836245213" ]
                  - name: b
                    robotsTxt: true
                    targets: [ "https://www.amazon.de/dp/3836245214" ]
                """);

        assertThat(config.group("a").robotsTxt()).isFalse();
        assertThat(config.group("b").robotsTxt()).isTrue();
        assertThat(config.group("a").targets().get(0).key()).isEqualTo("amazon.de/3836245213");
    }

    @Test
    void urlTemplateMakesOneTargetPerIdKeyedByMarketplace() {
        RankkeeperConfig config = load("""
                groups:
                  - name: uk
                    urlTemplate: "https://www.amazon.co.uk/dp/{id}"
                    ids: [ "0132269937", 0132356139, "B00TEST123" ]
                """);

        assertThat(config.allTargets()).extracting(Target::key, Target::url, Target::itemId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("amazon.co.uk/0132269937", URI.create("https://www.amazon.co.uk/dp/0132269937"), "0132269937"),
                org.assertj.core.groups.Tuple.tuple("amazon.co.uk/0132356139", URI.create("https://www.amazon.co.uk/dp/0132356139"), "0132356139"),
                org.assertj.core.groups.Tuple.tuple("amazon.co.uk/B00TEST123", URI.create("https://www.amazon.co.uk/dp/B00TEST123"), "B00TEST123"));
    }

    @Test
    void targetsFileIsReadRelativeToTheConfigFolderAfterListedTargets() {
        ConfigFiles.write(folder, "lists/books.csv", """
                key,url,label,itemId
                # a comment line
                ,https://www.amazon.com/Core-Python/dp/0132269937/ref=sr_1_1?keywords=x,"Core Python, 2nd ed.",
                custom/key,https://www.amazon.com/dp/0137143419,,

                """);
        RankkeeperConfig config = load("""
                groups:
                  - name: books
                    targets:
                      - url: https://www.amazon.com/dp/0132356139
                    targetsFile: lists/books.csv
                """);

        assertThat(config.allTargets()).extracting(Target::key, Target::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("amazon.com/0132356139", null),
                org.assertj.core.groups.Tuple.tuple("amazon.com/0132269937", "Core Python, 2nd ed."),
                org.assertj.core.groups.Tuple.tuple("custom/key", null));
    }

    @Test
    void environmentVariablesAreSubstitutedInAnyString() {
        RankkeeperConfig config = load("""
                database:
                  user: "${RK_USER:-rankkeeper}"
                  password: ${RK_DB_PASSWORD}
                groups:
                  - name: books
                    targets:
                      - key: "price-$${not-a-variable}"
                        url: "https://${RK_HOST}/item/7"
                """);

        assertThat(config.database().user()).isEqualTo("rankkeeper");
        assertThat(config.database().password()).isEqualTo("s3cret");
        assertThat(config.allTargets().get(0).url()).isEqualTo(URI.create("https://shop.example.org/item/7"));
        assertThat(config.allTargets().get(0).key()).isEqualTo("price-${not-a-variable}");
    }

    @Test
    void passwordFileIsReadWithoutItsTrailingNewline() {
        ConfigFiles.write(folder, "secrets/db.txt", "from-file\n");
        RankkeeperConfig config = load("""
                database:
                  passwordFile: secrets/db.txt
                groups:
                  - name: books
                    targets: [ "https://www.amazon.com/dp/0132269937" ]
                """);

        assertThat(config.database().password()).isEqualTo("from-file");
    }

    @Test
    void compactionAtStartIsOnUnlessTheDatabaseSectionTurnsItOff() {
        String targets = """
                groups:
                  - name: books
                    targets: [ "https://www.amazon.com/dp/0132269937" ]
                """;

        assertThat(load(targets).database().compactAtStart()).isTrue();
        assertThat(load("database:\n  compactAtStart: false\n" + targets).database().compactAtStart()).isFalse();
    }

    @Test
    void amazonListKeysIncludeTheItemIdSoOneListCanHoldSeveralTargets() {
        RankkeeperConfig config = load("""
                groups:
                  - name: lists
                    extractor: amazon-list
                    targets:
                      - url: https://www.amazon.com/gp/bestsellers/books/285856
                        itemId: "0132269937"
                      - url: https://www.amazon.com/gp/bestsellers/books/285856
                        itemId: "0137143419"
                """);

        assertThat(config.allTargets()).extracting(Target::key)
                .containsExactly("amazon.com/285856/0132269937", "amazon.com/285856/0137143419");
        assertThat(config.group("lists").extractor().kind()).isEqualTo(ExtractorKind.AMAZON_LIST);
    }

    @Test
    void shippedConfigLoadsWithTheThreeBooks() {
        RankkeeperConfig config = ConfigFiles.load(Path.of("config/rankkeeper.yml"));

        assertThat(config.groups()).hasSize(1);
        GroupConfig books = config.groups().get(0);
        assertThat(books.schedule()).isEqualTo("0 0 * * * ?");
        assertThat(books.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(books.extractor().kind()).isEqualTo(ExtractorKind.AMAZON);
        assertThat(books.targets()).extracting(Target::key, Target::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("amazon.com/0132269937", "Core Python Programming"),
                org.assertj.core.groups.Tuple.tuple("amazon.com/0132356139", "Python Web Development with Django"),
                org.assertj.core.groups.Tuple.tuple("amazon.com/0137143419", "Python Fundamentals"));
        assertThat(config.http()).isEqualTo(HttpConfig.defaults());
        assertThat(config.database().url()).isEqualTo(DatabaseConfig.DEFAULT_URL);
    }

    @Test
    void missingFileNamesThePathAndHowToCreateOne() {
        Path missing = folder.resolve("nope.yml");

        assertThatThrownBy(() -> ConfigFiles.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found")
                .hasMessageContaining("--config");
    }

    @Test
    void emptyFileAndCommentOnlyFileAreReportedAsEmpty() {
        for (String text : new String[] {"", "# nothing here yet\n", "~\n"}) {
            Path file = ConfigFiles.write(folder, "empty.yml", text);
            assertThatThrownBy(() -> ConfigFiles.load(file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("empty.yml")
                    .hasMessageContaining("is empty")
                    .hasMessageContaining("groups:");
        }
    }

    @Test
    void severalErrorsAreReportedTogether() {
        Path file = ConfigFiles.write(folder, "rankkeeper.yml", """
                http:
                  timout: 5s
                  retries: 99
                groups:
                  - name: books
                    timeZone: Mars/Base
                    targets:
                      - url: /relative
                """);

        assertThatThrownBy(() -> ConfigFiles.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rankkeeper.yml has 4 errors")
                .hasMessageContaining("rankkeeper.yml:2:3: http.timout: unknown key")
                .hasMessageContaining("rankkeeper.yml:3:12: http.retries: 99 is out of range")
                .hasMessageContaining("rankkeeper.yml:6:15: groups[0].timeZone: unknown time zone \"Mars/Base\"")
                .hasMessageContaining("rankkeeper.yml:8:14: groups[0].targets[0].url: \"/relative\" is a relative URL");
    }

    @Test
    void timeZoneTypoGetsTheExampleMessageWithSuggestion() {
        Path file = ConfigFiles.write(folder, "rankkeeper.yml", """
                groups:
                  - name: books
                    timeZone: Europe/Berln
                    targets: [ "https://www.amazon.com/dp/0132269937" ]
                """);

        assertThatThrownBy(() -> ConfigFiles.load(file))
                .hasMessage(file + ":3:15: groups[0].timeZone: unknown time zone \"Europe/Berln\"; "
                        + "use an IANA zone such as \"Europe/Berlin\" or \"UTC\"");
    }
    /** What the query commands read: the database section only, whatever the groups say. */
    @Test
    void theDatabaseSectionAloneIsReadWithoutTheGroupsOrTheirTargetsFiles() {
        Path config = ConfigFiles.write(folder, "rankkeeper.yml", """
                database:
                  url: jdbc:h2:file:./history/rankkeeper
                  user: reader
                groups:
                  - name: books
                    schedule: every hour
                    targetsFile: not-there-yet.csv
                """);

        assertThat(ConfigLoader.loadDatabase(config))
                .isEqualTo(new DatabaseConfig("jdbc:h2:file:./history/rankkeeper", "reader", null));
        assertThatThrownBy(() -> ConfigFiles.load(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("groups[0].schedule").hasMessageContaining("not-there-yet.csv");
    }

    @Test
    void aMistakeInTheDatabaseSectionOrAnUnknownSectionIsStillRefusedWithItsLine() {
        Path badUrl = ConfigFiles.write(folder, "bad-url.yml", """
                database:
                  url: postgres://db.example.org/rankkeeper
                groups: []
                """);
        Path typo = ConfigFiles.write(folder, "typo.yml", """
                databse:
                  url: jdbc:h2:file:./data/rankkeeper
                """);

        assertThatThrownBy(() -> ConfigLoader.loadDatabase(badUrl)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad-url.yml:2").hasMessageContaining("database.url")
                .hasMessageContaining("is not a JDBC URL");
        assertThatThrownBy(() -> ConfigLoader.loadDatabase(typo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("typo.yml:1").hasMessageContaining("did you mean \"database\"?");
    }
    /** What {@code status} reads: the groups and their schedules, no targets. */
    @Test
    void theGroupsAreReadWithoutTheirTargetsForStatus() {
        Path config = ConfigFiles.write(folder, "rankkeeper.yml", """
                groups:
                  - name: books
                    schedule: "0 30 6 * * ?"
                    timeZone: Europe/Berlin
                    targetsFile: not-there-yet.csv
                  - name: music
                    targets:
                      - url: https://www.amazon.com/dp/B000002UAL
                """);

        RankkeeperConfig withoutTargets = ConfigLoader.loadWithoutTargets(config);

        assertThat(withoutTargets.groups()).extracting(GroupConfig::name).containsExactly("books", "music");
        assertThat(withoutTargets.groups().get(0).schedule()).isEqualTo("0 30 6 * * ?");
        assertThat(withoutTargets.allTargets()).isEmpty();
        assertThatThrownBy(() -> ConfigFiles.load(config)).hasMessageContaining("not-there-yet.csv");
    }
}
