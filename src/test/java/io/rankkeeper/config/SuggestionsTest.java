package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("url", "key", "label", "itemId", "timeZone", "targetsFile");

    @Test
    void nearMissesAreSuggested() {
        assertThat(Suggestions.closest("lable", KEYS)).isEqualTo("label");
        assertThat(Suggestions.closest("ulr", KEYS)).isEqualTo("url");
        assertThat(Suggestions.closest("timezone", KEYS)).isEqualTo("timeZone");
        assertThat(Suggestions.closest("targetFile", KEYS)).isEqualTo("targetsFile");
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertThat(Suggestions.closest("foo", KEYS)).isNull();
        assertThat(Suggestions.closest("schedule", KEYS)).isNull();
    }

    @Test
    void fixReadsAsOneSentenceEitherWay() {
        assertThat(Suggestions.fix("lable", KEYS, "allowed here: url, label"))
                .isEqualTo("; did you mean \"label\"? Allowed here: url, label");
        assertThat(Suggestions.fix("foo", KEYS, "allowed here: url")).isEqualTo("; allowed here: url");
    }
}
