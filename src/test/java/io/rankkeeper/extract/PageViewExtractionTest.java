package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.model.PageView;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine hands the Amazon extractor a page as its bytes (a {@link PageView}) and the
 * extractor reads only the rank block and the title with the page's charset: the result must be
 * the one of the decoded page, for every saved page, in UTF-8 and in a single-byte charset, wherever
 * the view's chunks begin and end.
 */
class PageViewExtractionTest {

    private static final URI URL = URI.create("https://www.amazon.de/dp/3442267838");
    private static final Extractor AMAZON = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON));
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** The engine's chunks, and chunks small enough that markers, titles and rank blocks straddle boundaries. */
    private static final int[] CHUNK_SIZES = {PageView.CHUNK_CHARS, 4096, 64, 8};

    @ParameterizedTest
    @ValueSource(strings = {"ca_details_table.html", "cojp_detail_bullets.html", "com_cd_main_rank_only.html",
        "com_detail_bullets.html", "com_details_table.html", "com_legacy_salesrank.html", "com_no_rank.html",
        "combr_detail_bullets.html", "commx_detail_bullets.html", "couk_detail_bullets.html",
        "de_detail_bullets.html", "dogs_503.html", "es_detail_bullets.html", "fr_detail_bullets.html",
        "in_detail_bullets.html", "it_detail_bullets.html", "nl_detail_bullets.html", "robot_check_com.html",
        "search_results_not_product.html"})
    void bytesReadOnlyWhereNeededGiveWhatTheDecodedPageGives(String name) {
        String page = Fixtures.page("amazon/" + name);
        Extraction decoded = AMAZON.extract(page, URL, null);

        for (int chunkChars : CHUNK_SIZES) {
            assertThat(AMAZON.extractView(view(page, StandardCharsets.UTF_8, chunkChars), URL, null))
                    .as("UTF-8 in chunks of %d", chunkChars).isEqualTo(decoded);
            if (WINDOWS_1252.newEncoder().canEncode(page)) {
                assertThat(AMAZON.extractView(view(page, WINDOWS_1252, chunkChars), URL, null))
                        .as("windows-1252 in chunks of %d", chunkChars).isEqualTo(decoded);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"de_detail_bullets.html", "cojp_detail_bullets.html", "es_detail_bullets.html"})
    void titlesAndCategoriesOutsideAsciiAreReadWithThePageCharset(String name) {
        String page = Fixtures.page("amazon/" + name);

        Extraction viewed = AMAZON.extractView(view(page, StandardCharsets.UTF_8, PageView.CHUNK_CHARS), URL, null);

        assertThat(viewed.outcome()).isEqualTo(Outcome.OK);
        assertThat(viewed.title() + viewed.ranks()).doesNotContain("\u00c3", "\u00e3\u0081", "\ufffd");
        assertThat(viewed).isEqualTo(AMAZON.extract(page, URL, null));
    }

    /** The page's bytes, viewed in chunks of {@code chunkChars}: small chunks put a boundary inside every marker somewhere. */
    private static PageView view(String page, Charset charset, int chunkChars) {
        byte[] bytes = page.getBytes(charset);
        return PageView.ofBytes(bytes, 0, bytes.length, charset, chunkChars);
    }
}
