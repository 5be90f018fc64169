package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BestSellersNodeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
        "/gp/bestsellers/books/285856/ref=pd_zg_hrsr_books, 285856",
        "/gp/bestsellers/books/ref=pd_zg_ts_books, books",
        "https://www.amazon.com/best-sellers-books-Amazon/zgbs/books/ref=pd_dp_ts_books_1, books",
        "https://www.amazon.de/gp/bestsellers/books-intl-de/62420011/ref=pd_zg_hrsr_books-intl-de, 62420011",
        "/Best-Sellers-Books-Python-Programming/zgbs/books/285856, 285856",
        "/Best-Sellers-Books-Python-Programming/zgbs/books/285856?pg=2, 285856",
        "/gp/bestsellers/, null",
        "/dp/1718502702, null",
    })
    void readsTheNodeIdOrThePathWord(String href, String node) {
        assertThat(BestSellersNode.fromHref(href)).isEqualTo(node);
    }
}
