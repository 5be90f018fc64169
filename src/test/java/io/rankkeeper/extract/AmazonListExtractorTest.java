package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AmazonListExtractorTest {

    private static final Extractor LIST = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON_LIST));

    private static final URI LIST_URL =
            URI.create("https://www.amazon.com/Best-Sellers-Books-Python-Programming/zgbs/books/285856/ref=zg_bs_nav_books_3");

    @ParameterizedTest(name = "{0}: {1} is #{2}")
    @CsvSource({
        "bestsellers_list_current.html, 1718502702, 1",
        "bestsellers_list_current.html, 1098125975, 3",
        "bestsellers_list_current.html, 1098115368, 30",
        "bestsellers_list_2019.html, 1718502702, 1",
        "bestsellers_list_2019.html, B09ZYRH1ZH, 18",
        "bestsellers_list_2019.html, 1098115368, 30",
    })
    void readsThePositionOfTheAsinOnTheList(String file, String asin, long position) {
        Extraction extraction = LIST.extract(Fixtures.page("amazon/" + file), LIST_URL, asin);

        assertThat(extraction.outcome()).as(extraction.detail()).isEqualTo(Outcome.OK);
        assertThat(extraction.ranks()).containsExactly(
                new CategoryRank("Python Programming", "285856", null, position, true));
    }

    @Test
    void takesTheNodeIdFromAGpBestsellersUrl() {
        Extraction extraction = LIST.extract(Fixtures.page("amazon/bestsellers_list_current.html"),
                URI.create("https://www.amazon.com/gp/bestsellers/books/285856/ref=zg_bs_nav"), "1593279922");

        assertThat(extraction.ranks()).containsExactly(
                new CategoryRank("Python Programming", "285856", null, 2, true));
    }

    @Test
    void countsTheItemOrderWhenTheListHasNoBadges() {
        String page = Fixtures.page("amazon/bestsellers_list_2019.html").replace("zg-badge-text", "zg-badge-gone");

        Extraction extraction = LIST.extract(page, LIST_URL, "1098125975");

        assertThat(extraction.ranks()).extracting(CategoryRank::rank).containsExactly(3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bestsellers_list_current.html", "bestsellers_list_2019.html"})
    void recordsNotRankedWhenTheAsinIsNotOnTheList(String file) {
        Extraction extraction = LIST.extract(Fixtures.page("amazon/" + file), LIST_URL, "B000000000");

        assertThat(extraction.outcome()).isEqualTo(Outcome.NOT_RANKED);
    }

    @Test
    void recordsBlockedWhenRobotCheckServedWith200() {
        Extraction extraction = LIST.extract(Fixtures.page("amazon/robot_check_com.html"), LIST_URL, "1718502702");

        assertThat(extraction.outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void recordsLayoutChangedForAPageThatIsNoList() {
        assertThat(LIST.extract(Fixtures.page("amazon/com_detail_bullets.html"), LIST_URL, "1718502702").outcome())
                .isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(LIST.extract(Fixtures.page("amazon/search_results_not_product.html"), LIST_URL, "1718502702")
                .outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(LIST.extract("", LIST_URL, "1718502702").outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(LIST.extract("\u0000\u0001\u00ff garbage", LIST_URL, "1718502702").outcome())
                .isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void namesItselfAndStartsAtVersionOne() {
        assertThat(LIST.name()).isEqualTo("amazon-list");
        assertThat(LIST.version()).isEqualTo(1);
    }
}
