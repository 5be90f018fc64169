package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetKeysTest {

    @ParameterizedTest
    @CsvSource({
        "https://www.amazon.com/dp/0132269937, amazon.com/0132269937",
        "https://www.amazon.com/Core-Python-Programming/dp/0132269937/ref=sr_1_1?keywords=python, amazon.com/0132269937",
        "https://www.amazon.co.uk/gp/product/B00TEST123, amazon.co.uk/B00TEST123",
        "https://WWW.Amazon.DE/dp/3836245213/, amazon.de/3836245213",
        "https://shop.example.org/items/42/, shop.example.org/42",
    })
    void keyIsMarketplaceAndItemId(String url, String key) throws InvalidValue {
        assertThat(TargetKeys.derive(URI.create(url), null)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({"https://example.org", "https://example.org/"})
    void urlWithoutPathNeedsAnExplicitKey(String url) {
        assertThatThrownBy(() -> TargetKeys.derive(URI.create(url), null))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("add key:");
    }

    @ParameterizedTest
    @CsvSource({"HTTPS://example.org/a", "mailto:a@example.org", "https:///path", "//example.org/a"})
    void onlyAbsoluteLowerCaseHttpUrlsWithAHostAreAccepted(String url) {
        assertThatThrownBy(() -> TargetKeys.url(url)).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("https://www.amazon.com/dp/0132269937");
    }
}
