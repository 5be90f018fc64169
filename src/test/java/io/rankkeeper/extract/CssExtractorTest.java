package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.RankkeeperException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class CssExtractorTest {

    private static final URI URL = URI.create("https://games.example.org/apps/starfield-tactics");

    private static Extractor css(String selector, String regex, String separators, String category) {
        return Extractors.create(new ExtractorSpec(ExtractorKind.CSS, selector, regex, separators, category));
    }

    @Test
    void readsTheFirstNumberOfTheSelectedElementWithDefaultSeparators() {
        Extraction extraction = css(".chart-position .rank", null, null, "Strategie")
                .extract(Fixtures.page("css/app_chart_page.html", 300 * 1024), URL, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.OK);
        assertThat(extraction.ranks()).containsExactly(new CategoryRank("Strategie", null, null, 1234, true));
        assertThat(extraction.title()).isEqualTo("Starfield Tactics – Charts | Spieleportal");
    }

    @Test
    void readsTheRegexGroupAndNamesTheCategoryRankByDefault() {
        Extraction extraction = css("div.chart-badge", "#(\\d+) von", null, null)
                .extract(Fixtures.page("css/app_chart_page.html"), URL, null);

        assertThat(extraction.ranks()).containsExactly(new CategoryRank("rank", null, null, 17, true));
    }

    @Test
    void dropsOnlyTheConfiguredSeparators() {
        Extraction dotsDropped = css(".chart-position .rank", "Nr\\.\\s([\\d.]+)", ".", null)
                .extract(Fixtures.raw("css/app_chart_page.html"), URL, null);
        Extraction dotsKept = css(".chart-position .rank", "Nr\\.\\s([\\d.]+)", ",", null)
                .extract(Fixtures.raw("css/app_chart_page.html"), URL, null);

        assertThat(dotsDropped.ranks()).extracting(CategoryRank::rank).containsExactly(1234L);
        assertThat(dotsKept.outcome()).isEqualTo(Outcome.NOT_RANKED);
    }

    @Test
    void recordsNotRankedWhenTheElementHoldsNoNumber() {
        Extraction extraction = css(".no-rank-box .status", null, null, null)
                .extract(Fixtures.raw("css/app_chart_page.html"), URL, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.NOT_RANKED);
        assertThat(extraction.detail()).contains("Derzeit nicht platziert");
    }

    @Test
    void recordsLayoutChangedWhenTheSelectorMatchesNothing() {
        Extraction extraction = css("#no-such-element", null, null, null)
                .extract(Fixtures.raw("css/app_chart_page.html"), URL, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extraction.detail()).contains("#no-such-element");
    }

    @Test
    void recordsBlockedForAnAmazonRobotCheck() {
        Extraction extraction = css(".rank", null, null, null)
                .extract(Fixtures.raw("amazon/robot_check_com.html"), URL, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void neverThrowsOnEmptyOrBinaryInput() {
        Extractor extractor = css(".rank", null, null, null);

        assertThat(extractor.extract("", URL, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extractor.extract(null, URL, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extractor.extract("\u0000\u0001<<<>>\uffff", null, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void rejectsAnInvalidSelectorOrRegexWhenCreated() {
        assertThatThrownBy(() -> css("div[", null, null, null))
                .isInstanceOf(RankkeeperException.class).hasMessageContaining("div[");
        assertThatThrownBy(() -> css(".rank", "(unclosed", null, null))
                .isInstanceOf(RankkeeperException.class).hasMessageContaining("(unclosed");
        assertThatThrownBy(() -> css(".rank", "\\d+", null, null))
                .isInstanceOf(RankkeeperException.class).hasMessageContaining("capturing group");
    }

    @Test
    void namesItselfAndStartsAtVersionOne() {
        Extractor extractor = css(".rank", null, null, null);

        assertThat(extractor.name()).isEqualTo("css");
        assertThat(extractor.version()).isEqualTo(1);
    }
}
