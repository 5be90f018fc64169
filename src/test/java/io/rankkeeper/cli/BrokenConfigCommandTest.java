package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Broken config files as a user writes them, given to {@code run} and {@code daemon} through the
 * real command line (in this JVM; {@code run/BadInputIT} starts a few as processes): each is
 * refused with exit code 2 and one message naming the file, the line, the key and the fix, and
 * nothing is written: the database folder is never created. The loader's own table
 * ({@code config/BrokenConfigTest}) checks the messages in more detail; this one checks what the
 * user meets at the command line.
 */
class BrokenConfigCommandTest {

    /** Every case's database: it must never be created. */
    private static final String DATABASE = "database:\n  url: jdbc:h2:file:@DIR@/db/rankkeeper\n";
    /** A target that a wrongly accepted config would fetch from loopback, never from the internet. */
    private static final String TARGET = "    targets:\n      - url: http://127.0.0.1:9/dp/0132269937\n";
    private static final String GROUP = "groups:\n  - name: books\n";
    /** {@link #TARGET} for {@link #group}, which indents it into the group. */
    private static final String GROUP_TARGET = "targets:\n  - url: http://127.0.0.1:9/dp/0132269937\n";

    /**
     * @param name what is broken
     * @param yaml the config file ({@code @DIR@} is the test's folder)
     * @param file the file the message must point into
     * @param marker a text on the line the message must name (first occurrence in {@code file})
     * @param key the key (path) the message must name
     * @param fix a piece of the fix the message must give
     * @param extraFiles files beside the config (name to text)
     */
    record Case(String name, String yaml, String file, String marker, String key, String fix,
            Map<String, String> extraFiles) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case config(String name, String yaml, String marker, String key, String fix) {
        return new Case(name, yaml, "rankkeeper.yml", marker, key, fix, Map.of());
    }

    /** A config with the test database, one group and {@code groupLines} in it. */
    private static Case group(String name, String groupLines, String marker, String key, String fix) {
        return config(name, DATABASE + GROUP + groupLines.indent(4), marker, key, fix);
    }

    private static Case csv(String name, String csvText, String marker, String fix) {
        return new Case(name, DATABASE + GROUP + "    targetsFile: targets.csv\n", "targets.csv", marker,
                "groups[0].targetsFile", fix, Map.of("targets.csv", csvText));
    }

    static Stream<Case> cases() {
        return Stream.of(
                // YAML syntax
                config("yaml: unclosed quote", DATABASE + "groups:\n  - name: \"books\n" + TARGET, "\"books",
                        "YAML syntax error", "check"),
                config("yaml: tab indentation", DATABASE + "groups:\n\t- name: books\n", "\t- name", "YAML syntax error",
                        "spaces, not tabs"),
                config("yaml: bad indentation", DATABASE + "http:\n  timeout: 5s\n retries: 2\n" + GROUP + TARGET,
                        "retries", "YAML syntax error", "indentation"),
                config("yaml: unclosed flow list", DATABASE + GROUP + "    ids: [ \"a\", \"b\"\n"
                        + "    urlTemplate: \"http://127.0.0.1:9/{id}\"\n", "urlTemplate", "YAML syntax error",
                        "check the indentation"),
                config("yaml: duplicate key", DATABASE + "http:\n  retries: 2\n  retries: 3\n" + GROUP + TARGET,
                        "retries: 3", "http.retries", "keep one of them"),
                config("yaml: top level is a list", "- name: books\n- name: movies\n", "- name: books",
                        "top level must be a map", "start lines at column 1"),
                // wrong types
                config("type: text for a number", DATABASE + "http:\n  maxConcurrency: lots\n" + GROUP + TARGET,
                        "lots", "http.maxConcurrency", "whole number"),
                config("type: text for a boolean", DATABASE + "http:\n  robotsTxt: maybe\n" + GROUP + TARGET, "maybe",
                        "http.robotsTxt", "write true or false"),
                config("type: list for a section", DATABASE + "http:\n  - timeout: 5s\n" + GROUP + TARGET, "http:",
                        "http", "expected a map of keys"),
                config("type: map for the groups list", DATABASE + "groups:\n  name: books\n", "groups:", "groups",
                        "expected a list"),
                config("type: list for the group name", DATABASE + "groups:\n  - name: [a, b]\n" + TARGET,
                        "name: [a, b]", "groups[0].name", "expected a single value"),
                // unknown keys
                config("unknown top-level key", DATABASE + "grups:\n  - name: books\n", "grups", "grups",
                        "did you mean \"groups\"?"),
                config("unknown key in http", DATABASE + "http:\n  timout: 5s\n" + GROUP + TARGET, "timout",
                        "http.timout", "did you mean \"timeout\"?"),
                group("unknown key in a group", "tmeZone: UTC\n" + GROUP_TARGET, "tmeZone", "groups[0].tmeZone",
                        "did you mean \"timeZone\"?"),
                group("unknown key in a target", "targets:\n  - url: http://127.0.0.1:9/dp/1\n    lable: Core Python\n",
                        "lable", "groups[0].targets[0].lable", "did you mean \"label\"?"),
                // schedules
                group("cron: Unix 5-field line", "schedule: \"0 * * * *\"\n" + GROUP_TARGET, "schedule",
                        "groups[0].schedule", "Quartz cron"),
                group("cron: day 25 of the hour", "schedule: \"0 0 25 * * ?\"\n" + GROUP_TARGET, "schedule",
                        "groups[0].schedule", "such as \"0 0 * * * ?\""),
                group("cron: words", "schedule: every hour\n" + GROUP_TARGET, "schedule", "groups[0].schedule",
                        "cron"),
                group("time zone misspelt", "timeZone: Europe/Berln\n" + GROUP_TARGET, "timeZone",
                        "groups[0].timeZone", "\"Europe/Berlin\""),
                group("time zone as an offset word", "timeZone: CEST\n" + GROUP_TARGET, "timeZone",
                        "groups[0].timeZone", "IANA zone"),
                group("catch-up policy unknown", "catchUp: sometimes\n" + GROUP_TARGET, "sometimes",
                        "groups[0].catchUp", "once"),
                // durations and numbers
                config("negative shutdown grace", DATABASE + "daemon:\n  shutdownGrace: -5s\n" + GROUP + TARGET, "-5s",
                        "daemon.shutdownGrace", "must be more than zero"),
                config("negative timeout", DATABASE + "http:\n  timeout: -30s\n" + GROUP + TARGET, "-30s",
                        "http.timeout", "must be more than zero"),
                config("duration without unit", DATABASE + "http:\n  perHostDelay: 30\n" + GROUP + TARGET,
                        "perHostDelay", "http.perHostDelay", "has no unit"),
                config("negative retries", DATABASE + "http:\n  retries: -1\n" + GROUP + TARGET, "retries",
                        "http.retries", "from 0 to 10"),
                group("zero shards", "shards: 0\n" + GROUP_TARGET, "shards", "groups[0].shards",
                        "from 1 to 1024"),
                // targets
                config("duplicate target key across groups", DATABASE + """
                        groups:
                          - name: books
                            targets:
                              - url: http://127.0.0.1:9/dp/0132269937
                          - name: more
                            targets:
                              - url: http://127.0.0.1:9/Core-Python/dp/0132269937
                        """, "Core-Python", "groups[1].targets[0].url", "give one of them its own key:"),
                group("duplicate explicit target key", """
                        targets:
                          - key: core
                            url: http://127.0.0.1:9/dp/0132269937
                          - key: core
                            url: http://127.0.0.1:9/dp/0137143419
                        """, "core\n        url: http://127.0.0.1:9/dp/0137143419", "groups[0].targets[1].key",
                        "give one of them its own key"),
                config("duplicate group names", DATABASE + """
                        groups:
                          - name: books
                            targets: [ "http://127.0.0.1:9/dp/0132269937" ]
                          - name: books
                            targets: [ "http://127.0.0.1:9/dp/0137143419" ]
                        """, "- name: books\n    targets: [ \"http://127.0.0.1:9/dp/0137143419", "groups[1].name",
                        "give each group its own name"),
                group("missing url", "targets:\n  - label: Core Python\n", "label", "groups[0].targets[0].url",
                        "absolute http or https URL"),
                group("relative url", "targets:\n  - url: /dp/0132269937\n", "/dp/", "groups[0].targets[0].url",
                        "absolute http or https URL"),
                group("url template without {id}", "urlTemplate: \"http://127.0.0.1:9/dp/\"\nids: [\"1\"]\n",
                        "urlTemplate", "groups[0].urlTemplate", "{id}"),
                group("url template that is no URL", "urlTemplate: \"dp/{id}\"\nids: [\"0132269937\"]\n",
                        "ids", "groups[0].ids[0]", "absolute http or https URL"),
                group("ids without a template", "ids: [\"0132269937\"]\n", "ids", "groups[0].ids",
                        "needs a urlTemplate"),
                group("group without targets", "schedule: \"0 0 * * * ?\"\n", "- name: books", "groups[0]",
                        "add targets:"),
                // targets file
                group("targets file missing", "targetsFile: nope.csv\n", "targetsFile", "groups[0].targetsFile",
                        "does not exist"),
                new Case("targets file is a folder", DATABASE + GROUP + "    targetsFile: folder.csv\n", "rankkeeper.yml",
                        "targetsFile", "groups[0].targetsFile", "is not a readable file",
                        Map.of("folder.csv/placeholder", "")),
                csv("targets file: misspelt header", "key,ulr,label\na,http://127.0.0.1:9/dp/1,A\n", "ulr",
                        "did you mean \"url\"?"),
                csv("targets file: relative url", "key,url,label\na,http://127.0.0.1:9/dp/1,A\nb,/dp/2,B\n", "/dp/2",
                        "absolute http or https URL"),
                csv("targets file: unclosed quote", "key,url\na,http://127.0.0.1:9/dp/1\nb,\"http://127.0.0.1:9/dp/2\n",
                        "\"http", "check the quotes"),
                // database
                config("database url not JDBC", "database:\n  url: postgres://db.example.org/rankkeeper\n" + GROUP
                        + TARGET, "postgres://", "database.url", "jdbc:postgresql://"),
                config("database url of an unsupported database", "database:\n  url: jdbc:mysql://127.0.0.1:9/rk\n"
                        + GROUP + TARGET, "jdbc:mysql", "database.url", "PostgreSQL (jdbc:postgresql://"),
                config("password and passwordFile", DATABASE + "  password: a\n  passwordFile: pw.txt\n" + GROUP + TARGET,
                        "passwordFile", "database.passwordFile", "not both"),
                config("password file missing", DATABASE + "  passwordFile: no-such-password.txt\n" + GROUP + TARGET,
                        "passwordFile", "database.passwordFile", "create the file"),
                config("environment variable not set", DATABASE + "  password: ${RK_TEST_NEVER_SET}\n" + GROUP + TARGET,
                        "RK_TEST_NEVER_SET", "database.password", "export RK_TEST_NEVER_SET="),
                config("cluster on the embedded database", DATABASE + "cluster:\n  enabled: true\n" + GROUP + TARGET,
                        "enabled", "cluster.enabled", "PostgreSQL"));
    }

    static Stream<Arguments> casesForEachCommand() {
        return cases().flatMap(broken -> Stream.of(Arguments.of(broken, "run"), Arguments.of(broken, "daemon")));
    }

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("casesForEachCommand")
    void brokenConfigIsRefusedWithExitTwoNamingFileLineKeyAndFixAndWritesNothing(Case broken, String command)
            throws IOException {
        String yaml = broken.yaml().replace("@DIR@", folder.toString());
        Path config = write("rankkeeper.yml", yaml);
        for (Map.Entry<String, String> extra : broken.extraFiles().entrySet()) {
            write(extra.getKey(), extra.getValue());
        }
        String fileText = broken.file().equals("rankkeeper.yml") ? yaml : broken.extraFiles().get(broken.file());
        int line = lineOf(fileText, broken.marker());

        // a config that were wrongly accepted would start a daemon that never returns
        Result result = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> execute(command, "--config", config.toString()));

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: bad config: ")
                .contains(folder.resolve(broken.file()) + ":" + line + ":")
                .contains(broken.key())
                .contains(broken.fix())
                .doesNotContain("\tat ", "Exception:");
        assertThat(folder.resolve("db")).as("the database folder").doesNotExist();
    }

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static int lineOf(String text, String marker) {
        int at = text.indexOf(marker);
        assertThat(at).as("marker %s in the test's file", marker).isNotNegative();
        return text.substring(0, at).split("\n", -1).length;
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
    }
}
