package io.rankkeeper.config;

import io.rankkeeper.config.YamlNode.Mapping;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates a YAML config file into one immutable {@link RankkeeperConfig}. Every
 * problem is a {@link ConfigException} whose lines read
 * {@code file:line:column: key.path: what is wrong; how to fix it}, all problems of a file at
 * once where they can be found together. Stateless and thread-safe.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    /** Where the daemon looks when no {@code --config} is given. */
    public static final Path DEFAULT_PATH = Path.of("config", "rankkeeper.yml");

    private ConfigLoader() {
    }

    /** Loads {@code file}, with {@code ${VAR}} taken from the process environment. */
    public static RankkeeperConfig load(Path file) {
        return load(file, new LinkedHashSet<>());
    }

    /**
     * As {@link #load(Path)}, and adds to {@code targetsFiles} the {@code targetsFile}s the config
     * names (absolute), even when it is refused: a file named before it was created is one of them.
     */
    public static RankkeeperConfig load(Path file, Set<Path> targetsFiles) {
        return load(file, System.getenv(), ConfigLoader::hostName, targetsFiles);
    }

    /** Loads {@code file} with the given environment and host name (for {@code cluster.nodeId}). */
    static RankkeeperConfig load(Path file, Map<String, String> environment, Supplier<String> hostName) {
        return load(file, environment, hostName, new LinkedHashSet<>());
    }

    /**
     * Only the {@code database} section of {@code file}, for the commands that only read the
     * database ({@code history}, {@code targets}, {@code sql}, {@code export}, {@code compact}): a
     * mistake in the groups, or a targets file being edited, does not stop them, and a large
     * targets file is not read.
     */
    public static DatabaseConfig loadDatabase(Path file) {
        return partReader(file).readDatabase(parse(file));
    }

    /**
     * {@code file} with its groups but without their targets (nor their targets files), for
     * {@code status}, which shows the schedules: a targets file being edited does not stop it,
     * and a large one is not read. Every group's target list is empty.
     */
    public static RankkeeperConfig loadWithoutTargets(Path file) {
        return partReader(file).read(parse(file), file, false);
    }

    private static RankkeeperConfig load(Path file, Map<String, String> environment, Supplier<String> hostName,
            Set<Path> targetsFiles) {
        Mapping mapping = parse(file);
        RankkeeperConfig config = new ConfigReader(context(file, environment, targetsFiles), hostName).read(mapping,
                file, true);
        LOG.info("Loaded {}: {} groups, {} targets", file, config.groups().size(), config.allTargets().size());
        return config;
    }

    /** A reader of part of {@code file}, with the process's environment; the targets files it names are not kept. */
    private static ConfigReader partReader(Path file) {
        return new ConfigReader(context(file, System.getenv(), new LinkedHashSet<>()), ConfigLoader::hostName);
    }

    private static ReadContext context(Path file, Map<String, String> environment, Set<Path> targetsFiles) {
        Path parent = file.getParent();
        return new ReadContext(new Problems(file.toString()), new EnvSubstitution(environment),
                parent == null ? Path.of("") : parent, targetsFiles);
    }

    /** The file's top-level map of sections. */
    private static Mapping parse(Path file) {
        String fileName = file.toString();
        String text = readFile(file, fileName);
        YamlNode root = YamlTreeReader.read(text, fileName);
        if (root == null || root instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            throw new ConfigException(fileName + ": the file is empty; it needs at least a groups: section with one "
                    + "group and its targets (see config/rankkeeper.yml in the distribution for a commented example)");
        }
        if (!(root instanceof Mapping mapping)) {
            throw new ConfigException(fileName + ":" + root.mark().line() + ":" + root.mark().column()
                    + ": the top level must be a map of sections (" + String.join(":, ", ConfigReader.TOP_KEYS)
                    + ":), but it is " + root.describe() + "; start lines at column 1 with \"groups:\", \"http:\" ...");
        }
        return mapping;
    }

    private static String readFile(Path file, String fileName) {
        if (!Files.exists(file)) {
            throw new ConfigException("config file " + fileName + " not found (looked at " + file.toAbsolutePath()
                    + "); create it (copy config/rankkeeper.yml from the distribution and edit the groups) or pass "
                    + "the path of yours with --config FILE");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + fileName + " is not a file; pass the path of a YAML file with "
                    + "--config FILE");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(fileName + ": not UTF-8 text; save the file as UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(fileName + ": cannot read (" + e + "); check its permissions", e);
        }
    }

    /** The host name, the default node id; "localhost" when the system cannot tell. */
    static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            LOG.warn("Cannot tell the host name for cluster.nodeId, using localhost: {}", e.toString());
            return "localhost";
        }
    }
}
