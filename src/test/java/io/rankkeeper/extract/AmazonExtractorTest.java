package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AmazonExtractorTest {

    private static final Extractor AMAZON = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON));

    private static final URI COM = URI.create("https://www.amazon.com/dp/1718502702");

    private static CategoryRank main(String category, String node, long rank) {
        return new CategoryRank(category, node, null, rank, true);
    }

    private static CategoryRank sub(String category, String node, long rank) {
        return new CategoryRank(category, node, null, rank, false);
    }

    private static CategoryRank sub(String category, String node, String ladder, long rank) {
        return new CategoryRank(category, node, ladder, rank, false);
    }

    static Stream<Arguments> rankedPages() {
        return Stream.of(
                Arguments.of("com_detail_bullets.html", "amazon.com", List.of(
                        main("Books", "books", 1084),
                        sub("Python Programming", "285856", 1),
                        sub("Software Development (Books)", "3970", 2),
                        sub("Computer Programming Languages", "3839", 4))),
                Arguments.of("com_details_table.html", "amazon.com", List.of(
                        main("Home & Kitchen", "home-garden", 25_654),
                        sub("Dining Chair Slipcovers", "3735871", "Home Décor > Dining Chair Slipcovers", 30),
                        sub("Food Service Equipment & Supplies", "6054382011", 3560))),
                Arguments.of("com_legacy_salesrank.html", "amazon.com", List.of(
                        main("Books", "books", 2417),
                        sub("Python", "285856", "Books > Computers & Technology > Programming > Python", 3),
                        sub("Computer Science", "468204", "Books > Textbooks > Computer Science", 11))),
                Arguments.of("couk_detail_bullets.html", "amazon.co.uk", List.of(
                        main("Books", "books", 1208),
                        sub("Python Programming", "270509", 1),
                        sub("Computer Programming Languages", "4011", 6))),
                Arguments.of("de_detail_bullets.html", "amazon.de", List.of(
                        main("Bücher", "books", 1234),
                        sub("Python-Programmierung", "569618", 3),
                        sub("Fremdsprachige Bücher: Programmiersprachen", "52044011", 17))),
                Arguments.of("fr_detail_bullets.html", "amazon.fr", List.of(
                        main("Livres", "books", 12_345),
                        sub("Informatique et Internet (Livres)", "302050", 1024),
                        sub("Programmation Python", "302074", 7))),
                Arguments.of("it_detail_bullets.html", "amazon.it", List.of(
                        main("Libri in altre lingue", "english-books", 2345),
                        sub("Programmazione (Libri in altre lingue)", "3159624031", 5))),
                Arguments.of("es_detail_bullets.html", "amazon.es", List.of(
                        main("Libros en idiomas extranjeros", "foreign-language-books", 1234),
                        sub("Programación en Python", "902495031", 3),
                        sub("Informática", "902486031", 12))),
                Arguments.of("cojp_detail_bullets.html", "amazon.co.jp", List.of(
                        main("洋書", "english-books", 4364),
                        sub("Python", "2633073051", 3),
                        sub("Programming Languages (洋書)", "2633016051", 28))),
                Arguments.of("ca_details_table.html", "amazon.ca", List.of(
                        main("Electronics", "electronics", 2345),
                        sub("Computer Mice", "3341551", 14))),
                Arguments.of("in_detail_bullets.html", "amazon.in", List.of(
                        main("Books", "books", 123_456),
                        sub("Programming & Software Development (Books)", "4149461031", 1234))),
                Arguments.of("commx_detail_bullets.html", "amazon.com.mx", List.of(
                        main("Libros", "books", 8765),
                        sub("Programación de Computadoras", "9774489011", 9))),
                Arguments.of("combr_detail_bullets.html", "amazon.com.br", List.of(
                        main("Livros", "books", 3456),
                        sub("Linguagens de Programação", "7842710011", 2))),
                Arguments.of("nl_detail_bullets.html", "amazon.nl", List.of(
                        main("Boeken", "books", 5432),
                        sub("Programmeertalen", "16366029031", 4))),
                Arguments.of("com_cd_main_rank_only.html", "amazon.com", List.of(
                        main("CDs & Vinyl", "music", 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rankedPages")
    void readsEveryRankWithCategoryNodeAndLadder(String file, String marketplace, List<CategoryRank> expected) {
        String page = Fixtures.page("amazon/" + file);
        assertThat(page.length()).as("padded to a real page's size").isBetween(300 * 1024, 1024 * 1024);

        Extraction extraction = AMAZON.extract(page, URI.create("https://www." + marketplace + "/dp/X"), null);

        assertThat(extraction.outcome()).as(extraction.detail()).isEqualTo(Outcome.OK);
        assertThat(extraction.ranks()).containsExactlyElementsOf(expected);
        assertThat(extraction.title()).startsWith(file.startsWith("ca_") ? "Logitech" : file.contains("_cd_") ? "Anthem"
                : file.equals("com_details_table.html") ? "Amazon Basics" : "Python Crash Course");
    }

    @Test
    void readsTheFrenchNarrowNoBreakSpaceGrouping() {
        String page = Fixtures.page("amazon/fr_detail_bullets.html");
        assertThat(page).contains("12\u202f345 en Livres");

        Extraction extraction = AMAZON.extract(page, URI.create("https://www.amazon.fr/dp/X"), null);

        assertThat(extraction.ranks().get(0).rank()).isEqualTo(12_345);
    }

    @Test
    void findsARankBlockThatComesBeforeTheTitle() {
        String page = Fixtures.page("amazon/com_cd_main_rank_only.html")
                .replace("id=\"productTitle\"", "id=\"productTitleOld\"")
                .replace("</body>", "<span id=\"productTitle\">Late Title</span></body>");

        Extraction extraction = AMAZON.extract(page, COM, null);

        assertThat(extraction.ranks()).containsExactly(main("CDs & Vinyl", "music", 2));
        assertThat(extraction.title()).isEqualTo("Late Title");
    }

    @Test
    void recordsBlockedWhenRobotCheckServedWith200() {
        Extraction extraction = AMAZON.extract(Fixtures.page("amazon/robot_check_com.html"), COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(extraction.ranks()).isEmpty();
        assertThat(extraction.detail()).contains("robot check");
    }

    @Test
    void recordsBlockedNotNotRankedWhenACaptchaFormSitsInAPageWithProductMarkers() {
        String page = Fixtures.page("amazon/com_no_rank.html")
                .replace("</body>", "<form method=\"get\" action=\"/errors/validateCaptcha\"></form></body>");

        assertThat(AMAZON.extract(page, COM, null).outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void recordsBlockedForTheDogsErrorPage() {
        Extraction extraction = AMAZON.extract(Fixtures.page("amazon/dogs_503.html"), COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(extraction.ranks()).isEmpty();
    }

    @Test
    void recordsNotRankedForAProductPageWithoutRank() {
        Extraction extraction = AMAZON.extract(Fixtures.page("amazon/com_no_rank.html"), COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.NOT_RANKED);
        assertThat(extraction.title()).isEqualTo("Simple Leather Vintage Female Quartz Watch");
    }

    @Test
    void recordsLayoutChangedForAPageThatIsNoProductPage() {
        Extraction extraction = AMAZON.extract(Fixtures.page("amazon/search_results_not_product.html"), COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void recordsLayoutChangedForAListPageGivenToTheProductExtractor() {
        Extraction extraction = AMAZON.extract(Fixtures.page("amazon/bestsellers_list_current.html"), COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void recordsLayoutChangedForEmptyAndBlankPages() {
        assertThat(AMAZON.extract("", COM, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(AMAZON.extract(" \n\t ", COM, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(AMAZON.extract(null, null, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void recordsLayoutChangedForBinaryBytesDecodedAsText() {
        byte[] bytes = new byte[700 * 1024];
        new Random(42).nextBytes(bytes);
        for (String page : List.of(new String(bytes, StandardCharsets.ISO_8859_1), new String(bytes, StandardCharsets.UTF_8))) {
            Extraction extraction = AMAZON.extract(page, COM, null);

            assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
            assertThat(extraction.ranks()).isEmpty();
        }
    }

    @Test
    void recordsLayoutChangedForAPageTruncatedBeforeTheProductMarkers() {
        String page = Fixtures.page("amazon/com_detail_bullets.html");
        String truncated = page.substring(0, page.indexOf("<div id=\"dp\""));

        assertThat(AMAZON.extract(truncated, COM, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void keepsOnlyTheCompleteRanksWhenTheBlockIsCutInTheMiddle() {
        String page = Fixtures.page("amazon/com_detail_bullets.html");
        // Cut inside the name of the second sub-category link.
        String truncated = page.substring(0, page.indexOf("Software Development") + 8);

        Extraction extraction = AMAZON.extract(truncated, COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.OK);
        assertThat(extraction.ranks()).containsExactly(main("Books", "books", 1084), sub("Python Programming", "285856", 1));
    }

    @Test
    void neverReadsAPartOfANumberWhenThePageEndsInsideIt() {
        String page = Fixtures.page("amazon/com_detail_bullets.html");
        String truncated = page.substring(0, page.indexOf("#1,084") + 4);  // "#1,0"

        Extraction extraction = AMAZON.extract(truncated, COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extraction.ranks()).isEmpty();
    }

    @Test
    void neverReadsTheMainCategoryWhenThePageEndsInsideIt() {
        String page = Fixtures.page("amazon/com_detail_bullets.html");
        String truncated = page.substring(0, page.indexOf("#1,084 in Books") + 12);  // "#1,084 in Bo"

        Extraction extraction = AMAZON.extract(truncated, COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extraction.ranks()).isEmpty();
    }

    @Test
    void rejectsANumberTooLargeToBeARank() {
        String page = Fixtures.page("amazon/com_cd_main_rank_only.html")
                .replace("#2 in CDs", "#123,456,789,012,345,678,901 in CDs");

        Extraction extraction = AMAZON.extract(page, COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extraction.ranks()).isEmpty();
    }

    @Test
    void readsTheLargestRankThatFitsEighteenDigits() {
        String page = Fixtures.page("amazon/com_cd_main_rank_only.html")
                .replace("#2 in CDs", "#999,999,999,999,999,999 in CDs");

        Extraction extraction = AMAZON.extract(page, COM, null);

        assertThat(extraction.ranks()).containsExactly(main("CDs & Vinyl", "music", 999_999_999_999_999_999L));
    }

    @Test
    void neverReadsAZeroRank() {
        String page = Fixtures.page("amazon/com_cd_main_rank_only.html").replace("#2 in CDs", "#0 in CDs");

        assertThat(AMAZON.extract(page, COM, null).outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
    }

    @Test
    void neverThrowsOnAnyCutOfARealisticPage() {
        String page = Fixtures.page("amazon/com_legacy_salesrank.html", 64 * 1024);
        int block = page.indexOf("id=\"SalesRank\"");
        for (int end = block - 200; end < Math.min(page.length(), block + 3000); end += 7) {
            Extraction extraction = AMAZON.extract(page.substring(0, end), COM, null);

            assertThat(extraction.outcome()).isIn(Outcome.OK, Outcome.NOT_RANKED, Outcome.LAYOUT_CHANGED);
            for (CategoryRank rank : extraction.ranks()) {
                assertThat(page.substring(0, end)).contains(rank.category());
            }
        }
    }

    @Test
    void recordsLayoutChangedNotNotRankedWhenThePageIsCutShortBeforeItsRank() {
        String page = Fixtures.page("amazon/com_detail_bullets.html");
        String cut = page.substring(0, page.indexOf("Best Sellers Rank") - 100);

        Extraction extraction = AMAZON.extract(cut, COM, null);

        assertThat(extraction.outcome()).isEqualTo(Outcome.LAYOUT_CHANGED);
        assertThat(extraction.detail()).contains("ends before </html>");
        assertThat(extraction.title()).isNotBlank();
    }

    @Test
    void namesItselfAndCountsVersionsOfWhatItReads() {
        assertThat(AMAZON.name()).isEqualTo("amazon");
        assertThat(AMAZON.version()).isEqualTo(2);
    }
}
