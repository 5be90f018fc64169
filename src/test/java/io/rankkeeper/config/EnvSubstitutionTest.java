package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private final EnvSubstitution substitution = new EnvSubstitution(Map.of("HOST", "db", "PORT", "5432", "EMPTY", ""));

    @Test
    void replacesEveryVariableAndKeepsTheRest() throws InvalidValue {
        assertThat(substitution.apply("jdbc:postgresql://${HOST}:${PORT}/rk")).isEqualTo("jdbc:postgresql://db:5432/rk");
        assertThat(substitution.apply("no variables, $5 and {braces}")).isEqualTo("no variables, $5 and {braces}");
        assertThat(substitution.apply("${EMPTY}x")).isEqualTo("x");
    }

    @Test
    void fallbackIsUsedOnlyWhenTheVariableIsUnset() throws InvalidValue {
        assertThat(substitution.apply("${USER_NAME:-rankkeeper}")).isEqualTo("rankkeeper");
        assertThat(substitution.apply("${HOST:-other}")).isEqualTo("db");
        assertThat(substitution.apply("${USER_NAME:-}")).isEmpty();
    }

    @Test
    void doubleDollarWritesALiteralPlaceholder() throws InvalidValue {
        assertThat(substitution.apply("pa$${HOST}ss")).isEqualTo("pa${HOST}ss");
    }

    @Test
    void unsetVariableIsNamedWithTheFix() {
        assertThatThrownBy(() -> substitution.apply("${RANKKEEPER_DB_PASSWORD}"))
                .isInstanceOf(InvalidValue.class)
                .hasMessageContaining("RANKKEEPER_DB_PASSWORD is not set")
                .hasMessageContaining("export RANKKEEPER_DB_PASSWORD=");
    }

    @Test
    void unclosedOrBadPlaceholdersAreRejected() {
        assertThatThrownBy(() -> substitution.apply("${HOST")).isInstanceOf(InvalidValue.class).hasMessageContaining("closing");
        assertThatThrownBy(() -> substitution.apply("${1BAD}")).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("does not name an environment variable");
    }
}
