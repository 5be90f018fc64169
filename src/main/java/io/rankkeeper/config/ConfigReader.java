package io.rankkeeper.config;

import io.rankkeeper.config.YamlNode.Mapping;
import io.rankkeeper.model.JdbcUrls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the top level of a parsed config file: the database, http, daemon and cluster sections,
 * then each group through {@link GroupReader}, then checks what spans groups (unique names and
 * target keys). Not thread-safe; one per load.
 */
final class ConfigReader {

    static final List<String> TOP_KEYS = List.of("database", "http", "daemon", "cluster", "groups");
    static final List<String> DATABASE_KEYS = List.of("url", "user", "password", "passwordFile",
            "compactAtStart");
    static final List<String> HTTP_KEYS = List.of("userAgent", "timeout", "connectTimeout", "maxConcurrency",
            "perHostConcurrency", "perHostDelay", "retries", "maxBodySize", "robotsTxt");
    static final List<String> DAEMON_KEYS = List.of("shutdownGrace", "logFile");
    static final List<String> CLUSTER_KEYS = List.of("enabled", "nodeId", "checkinInterval");

    private final ReadContext context;
    private final Supplier<String> hostName;

    ConfigReader(ReadContext context, Supplier<String> hostName) {
        this.context = context;
        this.hostName = hostName;
    }

    /**
     * The whole config; with {@code readTargets} false, its groups without their targets (and
     * their targets files), for {@code status}: the schedules and the database, whatever the
     * targets say.
     */
    RankkeeperConfig read(Mapping root, Path source, boolean readTargets) {
        Section top = Section.of(root, root.mark(), "", context, TOP_KEYS);
        DatabaseConfig database = database(top.section("database", DATABASE_KEYS));
        HttpConfig http = http(top.section("http", HTTP_KEYS));
        DaemonConfig daemon = daemon(top.section("daemon", DAEMON_KEYS));
        ClusterConfig cluster = cluster(top.section("cluster", CLUSTER_KEYS), database);
        List<GroupConfig> groups = groups(top, http, readTargets);
        context.problems().throwIfAny();
        return new RankkeeperConfig(source, database, http, daemon, cluster, groups,
                List.copyOf(context.targetsFiles()));
    }

    /**
     * Only the {@code database} section, for the commands that only read the database: the groups
     * and their targets files are not read (100,000 targets took a second), nor checked.
     */
    DatabaseConfig readDatabase(Mapping root) {
        Section top = Section.of(root, root.mark(), "", context, TOP_KEYS);
        DatabaseConfig database = database(top.section("database", DATABASE_KEYS));
        context.problems().throwIfAny();
        return database;
    }

    private DatabaseConfig database(Section section) {
        String url = section.string("url", DatabaseConfig.DEFAULT_URL);
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("jdbc:")) {
            // masked: a URL written as postgres://user:secret@host carries the password
            section.report("url", "\"" + JdbcUrls.masked(url) + "\" is not a JDBC URL; use one such as "
                    + DatabaseConfig.DEFAULT_URL + " (embedded H2) or jdbc:postgresql://host:5432/rankkeeper");
        } else if (!lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:postgresql:")) {
            section.report("url", "\"" + JdbcUrls.masked(url) + "\" is not a supported database; rankkeeper stores"
                    + " into H2 (" + DatabaseConfig.DEFAULT_URL + ") or PostgreSQL (jdbc:postgresql://host:5432/rankkeeper)");
        }
        String user = section.string("user");
        String password = section.string("password");
        if (section.has("passwordFile")) {
            if (section.has("password")) {
                section.report("passwordFile", "give either password or passwordFile, not both; remove one of them");
            } else {
                password = readPasswordFile(section);
            }
        }
        boolean compactAtStart = section.bool("compactAtStart", DatabaseConfig.DEFAULT_COMPACT_AT_START);
        return new DatabaseConfig(url, user, password, compactAtStart);
    }

    private String readPasswordFile(Section section) {
        String name = section.string("passwordFile");
        if (name == null) {
            return null;
        }
        Path file = context.baseDirectory().resolve(name);
        try {
            // A trailing newline is how editors and `echo` end a file, never part of the password.
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "there is no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
            section.report("passwordFile", "cannot read " + file + " (" + why
                    + "); create the file with the password as its only line, or fix the path "
                    + "(relative paths are read from the config file's folder)");
            return null;
        }
    }

    private HttpConfig http(Section section) {
        String userAgent = section.string("userAgent", HttpConfig.defaultUserAgent());
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            section.report("userAgent", "must be a non-blank single line; use something like \""
                    + HttpConfig.defaultUserAgent() + "\"");
        }
        Duration timeout = section.duration("timeout", HttpConfig.DEFAULT_TIMEOUT, false);
        Duration connectTimeout = section.duration("connectTimeout", HttpConfig.DEFAULT_CONNECT_TIMEOUT, false);
        if (connectTimeout.compareTo(timeout) > 0) {
            section.report("connectTimeout", Units.format(connectTimeout) + " is longer than http.timeout ("
                    + Units.format(timeout)
                    + ", the whole request); make it shorter or raise http.timeout");
        }
        int maxConcurrency = section.integer("maxConcurrency", HttpConfig.DEFAULT_MAX_CONCURRENCY, 1,
                HttpConfig.MAX_CONCURRENCY_LIMIT);
        int perHostConcurrency = section.integer("perHostConcurrency", HttpConfig.DEFAULT_PER_HOST_CONCURRENCY, 1,
                HttpConfig.MAX_CONCURRENCY_LIMIT);
        if (perHostConcurrency > maxConcurrency) {
            section.report("perHostConcurrency", perHostConcurrency + " is more than http.maxConcurrency ("
                    + maxConcurrency + "); use at most " + maxConcurrency + " or raise maxConcurrency");
        }
        Duration perHostDelay = section.duration("perHostDelay", HttpConfig.DEFAULT_PER_HOST_DELAY, true);
        int retries = section.integer("retries", HttpConfig.DEFAULT_RETRIES, 0, HttpConfig.MAX_RETRIES);
        long maxBodySize = section.size("maxBodySize", HttpConfig.DEFAULT_MAX_BODY_SIZE_BYTES, 1024,
                HttpConfig.MAX_BODY_SIZE_LIMIT_BYTES);
        boolean robotsTxt = section.bool("robotsTxt", HttpConfig.DEFAULT_ROBOTS_TXT);
        return new HttpConfig(userAgent, timeout, connectTimeout, maxConcurrency, perHostConcurrency, perHostDelay,
                retries, maxBodySize, robotsTxt);
    }

    private DaemonConfig daemon(Section section) {
        Duration shutdownGrace = section.duration("shutdownGrace", DaemonConfig.DEFAULT_SHUTDOWN_GRACE, false);
        String logFile = section.string("logFile");
        Path logPath = null;
        if (logFile != null) {
            try {
                logPath = Path.of(logFile);
            } catch (java.nio.file.InvalidPathException e) {
                section.report("logFile", "\"" + logFile + "\" is not a valid path (" + e.getReason()
                        + "); use a file name such as logs/rankkeeper.log");
            }
        }
        return new DaemonConfig(shutdownGrace, logPath);
    }

    private ClusterConfig cluster(Section section, DatabaseConfig database) {
        boolean enabled = section.bool("enabled", ClusterConfig.DEFAULT_ENABLED);
        String nodeId = section.has("nodeId") ? section.string("nodeId") : hostName.get();
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,100}")) {
            if (section.has("nodeId")) {
                section.report("nodeId", "\"" + nodeId + "\" is not a usable node id; use 1 to 100 letters, digits, "
                        + "'-', '_' or '.', unique in the cluster (such as the host name)");
            }
            nodeId = nodeId == null || nodeId.isBlank() ? "local" : nodeId.replaceAll("[^A-Za-z0-9._-]", "-");
        }
        if (enabled && database.url().startsWith("jdbc:h2:") && !database.url().startsWith("jdbc:h2:tcp:")) {
            section.report("enabled", "a cluster needs a database that all nodes reach, but database.url is the "
                    + "embedded H2 database; set database.url to PostgreSQL (jdbc:postgresql://host:5432/rankkeeper) "
                    + "or set cluster.enabled: false");
        }
        Duration checkinInterval = section.duration("checkinInterval", ClusterConfig.DEFAULT_CHECKIN_INTERVAL, false);
        if (checkinInterval.compareTo(ClusterConfig.MIN_CHECKIN_INTERVAL) < 0) {
            section.report("checkinInterval", Units.format(checkinInterval) + " is too short: a busy node would look "
                    + "dead to the others; use " + Units.format(ClusterConfig.MIN_CHECKIN_INTERVAL) + " or more (default "
                    + Units.format(ClusterConfig.DEFAULT_CHECKIN_INTERVAL) + ")");
            checkinInterval = ClusterConfig.DEFAULT_CHECKIN_INTERVAL;
        }
        return new ClusterConfig(enabled, nodeId, checkinInterval);
    }

    private List<GroupConfig> groups(Section top, HttpConfig http, boolean readTargets) {
        String hint = "add a groups: list with at least one group, such as\n  groups:\n    - name: books\n"
                + "      targets:\n        - url: https://www.amazon.com/dp/0132269937";
        List<YamlNode> items = top.list("groups", "start each group with \"- name: ...\"");
        if (items == null || items.isEmpty()) {
            if (!top.has("groups") || items != null) {
                top.report("groups", (items == null ? "missing" : "is empty") + "; " + hint);
            }
            return List.of();
        }
        List<GroupConfig> groups = new ArrayList<>();
        Map<String, String> groupNames = new HashMap<>();
        Map<String, LocatedTarget> keys = new HashMap<>();
        for (int index = 0; index < items.size(); index++) {
            String path = "groups[" + index + "]";
            GroupReader.Result result = new GroupReader(context, http, readTargets).read(items.get(index), top.mark(),
                    path);
            if (result == null) {
                continue;
            }
            GroupConfig group = result.group();
            String earlier = groupNames.putIfAbsent(group.name(), context.problems().where(result.nameMark()) + " ("
                    + path + ")");
            if (earlier != null) {
                context.problems().add(result.nameMark(), path + ".name", "duplicate group name \"" + group.name()
                        + "\", already used at " + earlier + "; give each group its own name");
            }
            for (LocatedTarget target : result.targets()) {
                LocatedTarget first = keys.putIfAbsent(target.target().key(), target);
                if (first != null) {
                    context.problems().addAt(target.where(), target.path(), "duplicate target key \""
                            + target.target().key() + "\", already used at " + first.where() + " (" + first.path()
                            + "); target keys are unique across all groups: give one of them its own key: entry");
                }
            }
            groups.add(group);
        }
        return groups;
    }

    /** A target with the place it was defined, for errors about it. */
    record LocatedTarget(io.rankkeeper.model.Target target, String where, String path) {
    }
}
