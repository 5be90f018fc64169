package io.rankkeeper.config;

import io.rankkeeper.config.YamlNode.Scalar;
import java.nio.file.Path;
import java.util.Set;

/**
 * What every part of one load shares: where problems go, the environment for {@code ${VAR}},
 * and the folder that relative file names in the config are read from. Not thread-safe.
 *
 * @param problems the errors found so far
 * @param environment substitution of environment variables
 * @param baseDirectory the config file's folder
 * @param targetsFiles where the {@code targetsFile}s named so far are (absolute), whether they
 *     could be read or not: the files a reload should follow besides the config
 */
record ReadContext(Problems problems, EnvSubstitution environment, Path baseDirectory, Set<Path> targetsFiles) {

    /**
     * The text of a scalar with environment variables substituted; a map or list where text is
     * expected, or an unset variable, is reported and gives null.
     */
    String text(YamlNode node, String path) {
        if (!(node instanceof Scalar scalar)) {
            problems.add(node.mark(), path, "expected a single value, got " + node.describe()
                    + "; write it on the same line as its key (\"key: value\")");
            return null;
        }
        if (scalar.kind() != Scalar.Kind.STRING) {
            return scalar.text();
        }
        try {
            return environment.apply(scalar.text());
        } catch (InvalidValue e) {
            problems.add(node.mark(), path, e.getMessage());
            return null;
        }
    }
}
