package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RankNumbersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "#1,234 in Books (See Top 100 in Books)| 1234 | Books (See Top 100 in Books)",
        "#5 in Books                            | 5    | Books",
        "Nr. 1.234 in Bücher                    | 1234 | Bücher",
        "Nr. 1.234.207 in Küche                 | 1234207 | Küche",
        "n. 1.234 in Libri                      | 1234 | Libri",
        "n.1.234 in Libri                       | 1234 | Libri",
        "nº1.234 en Libros                      | 1234 | Libros",
        "n.º 1,234 en Libros                    | 1234 | Libros",
        "Nº 3.456 em Livros                     | 3456 | Livros",
        "- 4,364位本                            | 4364 | 本",
        "#1,23,456 in Books                     | 123456 | Books",
        "#51235 in Shops                        | 51235 | Shops",
        "#5.432 in Boeken                       | 5432 | Boeken",
    })
    void readsTheMarketplaceFormats(String text, long rank, String rest) {
        RankNumbers.LeadingRank leading = RankNumbers.leading(text);

        assertThat(leading).isNotNull();
        assertThat(leading.rank()).isEqualTo(rank);
        assertThat(leading.rest()).isEqualTo(rest);
    }

    @Test
    void readsFrenchGroupingWithNoBreakAndNarrowNoBreakSpaces() {
        assertThat(RankNumbers.leading("12\u202f345 en Livres").rank()).isEqualTo(12_345);
        assertThat(RankNumbers.leading("12\u00a0345 en Livres").rank()).isEqualTo(12_345);
        assertThat(RankNumbers.leading("1 234 567 en Livres").rank()).isEqualTo(1_234_567);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#1,2 in Books", "#1,23 in Books", "#0 in Books", "in Books", "", "#", "Nr. in X",
        "#123,456,789,012,345,678,901 in Books", "#9999999999999999999 in Books"})
    void readsNothingThatIsNotAWholeRank(String text) {
        assertThat(RankNumbers.leading(text)).isNull();
    }

    @Test
    void readsTheFirstNumberOverGivenSeparatorsOnly() {
        assertThat(RankNumbers.firstNumber("Nr. 1.234 in Strategie", ".,")).isEqualTo(1234);
        assertThat(RankNumbers.firstNumber("Nr. 1.234 in Strategie", ",")).isEqualTo(1);
        assertThat(RankNumbers.firstNumber("rank 12 of 500", ",. ")).isEqualTo(12);
        assertThat(RankNumbers.firstNumber("no number here", ",")).isEqualTo(-1);
        assertThat(RankNumbers.firstNumber("1234567890123456789", ",")).isEqualTo(-1);
    }
}
