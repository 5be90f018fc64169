package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each broken config must fail with a message naming the file, the line of the bad value, the
 * key path and a fix. The line is found from a marker text on the bad line, so the table stays
 * readable and the expected line is the real one.
 */
class BrokenConfigTest {

    private static final String TARGETS = "targets:\n  - url: https://www.amazon.com/dp/0132269937\n";

    /**
     * @param name what is broken
     * @param yaml the config file
     * @param file the file the error must point into
     * @param marker a text on the line the error must name (first occurrence in {@code file})
     * @param path the key path the message must name
     * @param hint a piece of the fix the message must give
     * @param extraFiles other files beside the config (name to text)
     */
    record Case(String name, String yaml, String file, String marker, String path, String hint,
            Map<String, String> extraFiles) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case yaml(String name, String yaml, String marker, String path, String hint) {
        return new Case(name, yaml, "rankkeeper.yml", marker, path, hint, Map.of());
    }

    private static Case group(String name, String groupLines, String marker, String path, String hint) {
        return yaml(name, "groups:\n  - name: books\n" + groupLines.indent(4), marker, path, hint);
    }

    static Stream<Case> cases() {
        return Stream.of(
                yaml("yaml syntax: unclosed flow list", """
                        groups:
                          - name: books
                            ids: [ "a", "b"
                            urlTemplate: "https://x.org/{id}"
                        """, "urlTemplate", "YAML syntax error", "check the indentation"),
                yaml("yaml syntax: tab indentation", "groups:\n\t- name: books\n", "\t- name", "YAML syntax error", "spaces, not tabs"),
                yaml("yaml syntax: bad indentation", """
                        http:
                          timeout: 5s
                         retries: 2
                        """, "retries", "YAML syntax error", "indentation"),
                yaml("top level is a list", "- name: books\n- name: movies\n", "- name: books", "top level must be a map", "start lines at column 1"),
                yaml("duplicate yaml key", """
                        http:
                          retries: 2
                          retries: 3
                        """ + "groups:\n  - name: books\n" + TARGETS.indent(4), "retries: 3", "http.retries", "keep one of them"),
                yaml("unknown top-level key", "grups:\n  - name: books\n", "grups", "grups", "did you mean \"groups\"?"),
                yaml("unknown key in database", "database:\n  pasword: x\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "pasword", "database.pasword", "did you mean \"password\"?"),
                yaml("unknown key in http", "http:\n  timout: 5s\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "timout", "http.timout", "did you mean \"timeout\"?"),
                yaml("unknown key in daemon", "daemon:\n  logfile: x.log\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "logfile", "daemon.logfile", "did you mean \"logFile\"?"),
                yaml("unknown key in cluster", "cluster:\n  nodeid: a\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "nodeid", "cluster.nodeid", "did you mean \"nodeId\"?"),
                yaml("cluster check-in too short", "cluster:\n  checkinInterval: 100ms\ngroups:\n  - name: books\n"
                        + TARGETS.indent(4), "100ms", "cluster.checkinInterval", "use 500ms or more"),
                group("unknown key in group", "tmeZone: UTC\n" + TARGETS, "tmeZone", "groups[0].tmeZone", "did you mean \"timeZone\"?"),
                group("unknown key in target", """
                        targets:
                          - url: https://www.amazon.com/dp/0132269937
                            lable: Core Python
                        """, "lable", "groups[0].targets[0].lable", "did you mean \"label\"?"),
                group("unknown key in css", """
                        extractor: css
                        css:
                          selecter: span.rank
                        """ + TARGETS, "selecter", "groups[0].css.selecter", "did you mean \"selector\"?"),
                yaml("string where a number is expected", "http:\n  maxConcurrency: lots\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "lots", "http.maxConcurrency", "expected a whole number from 1 to"),
                yaml("string where a boolean is expected", "http:\n  robotsTxt: maybe\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "maybe", "http.robotsTxt", "write true or false"),
                yaml("list where a section is expected", "http:\n  - timeout: 5s\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "http:", "http", "expected a map of keys"),
                yaml("map where the groups list is expected", "groups:\n  name: books\n", "groups:", "groups", "expected a list"),
                yaml("no groups at all", "http:\n  retries: 1\n", "http:", "groups", "add a groups: list"),
                yaml("empty groups list", "groups: []\n", "groups:", "groups", "add a groups: list"),
                group("unix cron line", "schedule: \"0 * * * *\"\n" + TARGETS, "schedule", "groups[0].schedule", "Quartz cron"),
                group("bad cron", "schedule: \"0 0 25 * * ?\"\n" + TARGETS, "schedule", "groups[0].schedule", "such as \"0 0 * * * ?\""),
                group("bad time zone", "timeZone: Europe/Berln\n" + TARGETS, "timeZone", "groups[0].timeZone", "\"Europe/Berlin\""),
                yaml("negative duration", "daemon:\n  shutdownGrace: -5s\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "-5s", "daemon.shutdownGrace", "must be more than zero"),
                yaml("zero duration", "http:\n  timeout: 0s\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "0s", "http.timeout", "must be more than zero"),
                yaml("duration without unit", "http:\n  perHostDelay: 30\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "perHostDelay", "http.perHostDelay", "has no unit"),
                yaml("bad duration", "http:\n  timeout: soon\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "soon", "http.timeout", "500ms, 30s, 5m"),
                yaml("bad size", "http:\n  maxBodySize: 10 parsecs\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "parsecs", "http.maxBodySize", "512KB, 10MB, 1GB"),
                yaml("retries out of range", "http:\n  retries: 11\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "retries", "http.retries", "from 0 to 10"),
                yaml("per-host above total concurrency", "http:\n  maxConcurrency: 4\n  perHostConcurrency: 8\ngroups:\n  - name: books\n"
                        + TARGETS.indent(4), "perHostConcurrency", "http.perHostConcurrency", "use at most 4"),
                yaml("connect timeout above timeout", "http:\n  timeout: 5s\n  connectTimeout: 10s\ngroups:\n  - name: books\n"
                        + TARGETS.indent(4), "connectTimeout", "http.connectTimeout", "raise http.timeout"),
                yaml("database url not jdbc", "database:\n  url: postgres://db/rk\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "postgres://", "database.url", "jdbc:postgresql://"),
                yaml("password and passwordFile", "database:\n  password: a\n  passwordFile: p.txt\ngroups:\n  - name: books\n"
                        + TARGETS.indent(4), "passwordFile", "database.passwordFile", "not both"),
                yaml("compactAtStart not a boolean", "database:\n  compactAtStart: sometimes\ngroups:\n  - name: books\n"
                        + TARGETS.indent(4), "sometimes", "database.compactAtStart", "true or false"),
                yaml("cluster on embedded H2", "cluster:\n  enabled: true\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "enabled", "cluster.enabled", "PostgreSQL"),
                yaml("duplicate target key across groups", """
                        groups:
                          - name: books
                            targets:
                              - url: https://www.amazon.com/dp/0132269937
                          - name: more
                            targets:
                              - url: https://www.amazon.com/Core-Python/dp/0132269937/ref=x
                        """, "Core-Python", "groups[1].targets[0].url", "give one of them its own key:"),
                yaml("duplicate group names", """
                        groups:
                          - name: books
                            targets: [ "https://www.amazon.com/dp/0132269937" ]
                          - name: books
                            targets: [ "https://www.amazon.com/dp/0137143419" ]
                        """, "- name: books\n    targets: [ \"https://www.amazon.com/dp/0137143419", "groups[1].name",
                        "give each group its own name"),
                yaml("group name with spaces", "groups:\n  - name: my books\n" + TARGETS.indent(4), "name: my books",
                        "groups[0].name", "letters, digits"),
                yaml("group without name", "groups:\n  - schedule: \"0 0 * * * ?\"\n" + TARGETS.indent(4), "- schedule",
                        "groups[0].name", "give the group a name"),
                group("group without targets", "shards: 2\n", "- name: books", "groups[0]", "add targets:"),
                group("missing url", "targets:\n  - label: Core Python\n", "label", "groups[0].targets[0].url", "absolute http or https URL"),
                group("relative url", "targets:\n  - url: /dp/0132269937\n", "/dp/", "groups[0].targets[0].url", "absolute http or https URL"),
                group("ftp url", "targets:\n  - url: ftp://example.org/rank\n", "ftp://", "groups[0].targets[0].url", "absolute http or https URL"),
                group("url with a space", "targets:\n  - url: https://example.org/a b\n", "a b", "groups[0].targets[0].url", "%20"),
                group("url template without {id}", "urlTemplate: \"https://www.amazon.com/dp/\"\nids: [\"1\"]\n", "urlTemplate",
                        "groups[0].urlTemplate", "{id}"),
                group("ids without template", "ids: [\"0132269937\"]\n", "ids", "groups[0].ids", "needs a urlTemplate"),
                group("blank id", "urlTemplate: \"https://www.amazon.com/dp/{id}\"\nids:\n  - \"0132269937\"\n  - \"\"\n", "- \"\"",
                        "groups[0].ids[1]", "empty id; write each id as a non-empty"),
                group("empty target entry", "targets:\n  -\n  - url: https://www.amazon.com/dp/0132269937\n", "-\n",
                        "groups[0].targets[0]", "remove the dash"),
                group("target written as a list", "targets:\n  - [ https://www.amazon.com/dp/0132269937 ]\n", "- [",
                        "groups[0].targets[0]", "write it as \"- url: https://...\""),
                new Case("CSV with an unclosed quote", "groups:\n  - name: books\n    targetsFile: t.csv\n", "t.csv", "\"https",
                        "groups[0].targetsFile", "check the quotes",
                        Map.of("t.csv", "key,url\na,https://www.amazon.com/dp/0132269937\nb,\"https://www.amazon.com/dp/0137143419\n")),
                new Case("CSV with only a header", "groups:\n  - name: books\n    targetsFile: t.csv\n", "t.csv", "key,url",
                        "groups[0].targetsFile", "has no targets",
                        Map.of("t.csv", "key,url,label\n")),
                group("missing targetsFile", "targetsFile: nope.csv\n", "targetsFile", "groups[0].targetsFile", "does not exist"),
                new Case("bad CSV row: relative url", "groups:\n  - name: books\n    targetsFile: t.csv\n", "t.csv", "/dp/0137",
                        "groups[0].targetsFile", "absolute http or https URL",
                        Map.of("t.csv", "key,url,label\na,https://www.amazon.com/dp/0132269937,A\nb,/dp/0137143419,B\n")),
                new Case("bad CSV row: too many fields", "groups:\n  - name: books\n    targetsFile: t.csv\n", "t.csv", "Python, 2nd",
                        "groups[0].targetsFile", "quoting values that contain commas",
                        Map.of("t.csv", "key,url,label\n# comment\n\na,https://www.amazon.com/dp/0132269937,Core Python, 2nd\n")),
                new Case("bad CSV header", "groups:\n  - name: books\n    targetsFile: t.csv\n", "t.csv", "ulr",
                        "groups[0].targetsFile", "did you mean \"url\"?",
                        Map.of("t.csv", "key,ulr,label\na,https://www.amazon.com/dp/0132269937,A\n")),
                group("unknown extractor", "extractor: amazn\n" + TARGETS, "amazn", "groups[0].extractor", "did you mean \"amazon\"?"),
                group("css extractor without css section", "extractor: css\n" + TARGETS, "extractor", "groups[0].extractor",
                        "needs a css: section"),
                group("css without selector", "extractor: css\ncss:\n  regex: \"#(\\\\d+)\"\n" + TARGETS, "css:",
                        "groups[0].css.selector", "CSS selector"),
                group("regex without group", "extractor: css\ncss: { selector: span.rank, regex: \"#\\\\d+\" }\n" + TARGETS, "css:",
                        "groups[0].css.regex", "exactly one"),
                group("regex with two groups", "extractor: css\ncss:\n  selector: span.rank\n  regex: \"(#)(\\\\d+)\"\n" + TARGETS,
                        "regex", "groups[0].css.regex", "(?:...)"),
                group("regex does not compile", "extractor: css\ncss:\n  selector: span.rank\n  regex: \"#([0-9]+\"\n" + TARGETS,
                        "regex", "groups[0].css.regex", "invalid regular expression"),
                group("css section on amazon extractor", "css:\n  selector: span.rank\n" + TARGETS, "css:", "groups[0].css",
                        "set extractor: css"),
                group("amazon-list without itemId", "extractor: amazon-list\n" + TARGETS, "- url", "groups[0].targets[0].itemId",
                        "needs the itemId"),
                group("catchUp unknown", "catchUp: sometimes\n" + TARGETS, "sometimes", "groups[0].catchUp", "once"),
                group("shards zero", "shards: 0\n" + TARGETS, "shards", "groups[0].shards", "from 1 to 1024"),
                group("shards too many", "shards: 2000\n" + TARGETS, "shards", "groups[0].shards", "from 1 to 1024"),
                yaml("unset environment variable", "database:\n  password: ${RK_NOT_SET}\ngroups:\n  - name: books\n" + TARGETS.indent(4),
                        "RK_NOT_SET", "database.password", "export RK_NOT_SET="),
                yaml("yaml alias", "x: &a 1\ngroups: *a\n", "groups:", "groups", "write the value out again"),
                yaml("second yaml document", "groups:\n  - name: books\n" + TARGETS.indent(4) + "---\nhttp: {}\n", "http: {}",
                        "second YAML document", "remove the \"---\""));
    }

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenConfigIsRejectedWithFileLineKeyPathAndFix(Case broken) {
        Path config = ConfigFiles.write(folder, "rankkeeper.yml", broken.yaml());
        broken.extraFiles().forEach((name, text) -> ConfigFiles.write(folder, name, text));
        String fileText = broken.file().equals("rankkeeper.yml") ? broken.yaml() : broken.extraFiles().get(broken.file());
        int line = lineOf(fileText, broken.marker());

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigFiles.load(config));

        assertThat(error).as("a ConfigException").isNotNull();
        assertThat(error.getMessage())
                .contains(folder.resolve(broken.file()) + ":" + line + ":")
                .contains(broken.path())
                .contains(broken.hint());
    }

    private static int lineOf(String text, String marker) {
        int at = text.indexOf(marker);
        assertThat(at).as("marker %s in the test's file", marker).isNotNegative();
        return text.substring(0, at).split("\n", -1).length;
    }
}
