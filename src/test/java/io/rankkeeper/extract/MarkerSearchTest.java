package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkerSearchTest {

    @Test
    void findsWhatIndexOfFindsOnRandomTextFromEveryStart() {
        // A small alphabet makes partial matches and repeated markers common: the skips must
        // never jump over a match.
        Random random = new Random(42);
        String alphabet = "ab\"=id<>";
        for (int round = 0; round < 2_000; round++) {
            String text = randomText(random, alphabet, random.nextInt(200));
            String marker = randomText(random, alphabet, 1 + random.nextInt(6));
            for (int from = -2; from <= text.length() + 2; from++) {
                assertThat(MarkerSearch.indexOf(text, marker, from))
                        .as("'%s' in '%s' from %d", marker, text, from)
                        .isEqualTo(text.indexOf(marker, from));
            }
        }
    }

    @Test
    void findsMarkersWhoseCharsShareASkipBucketWithOthers() {
        // U+0169 and 'i' share the low byte 0x69; U+4E2D is a char of a decoded Japanese page.
        String marker = "\u0169d=\u4E2D";
        String text = "id=\u4E2D id=x \u0169d=\u4E2D";
        assertThat(MarkerSearch.indexOf(text, marker, 0)).isEqualTo(text.indexOf(marker)).isEqualTo(10);
        assertThat(MarkerSearch.indexOf(text, "id=\u4E2D", 1)).isEqualTo(-1);
        assertThat(MarkerSearch.indexOf("売れ筋ランキング: 5位", "ランキング", 0)).isEqualTo(3);
    }

    @Test
    void findsTheTitleOfARealPageWhereIndexOfDoes() {
        String page = Fixtures.page("amazon/com_detail_bullets.html");
        int expected = page.indexOf("id=\"productTitle\"");
        assertThat(expected).isPositive();
        assertThat(MarkerSearch.indexOf(page, "id=\"productTitle\"", 0)).isEqualTo(expected);
        assertThat(MarkerSearch.indexOf(page, "zg_hrsr", expected)).isEqualTo(page.indexOf("zg_hrsr", expected));
        assertThat(MarkerSearch.indexOf(page, "no such marker anywhere", 0)).isEqualTo(-1);
    }

    @Test
    void aStartFarPastTheEndFindsNothing() {
        // The marker's rarest char ('T') is not its first: its offset must not overflow the start.
        String text = "<h1 id=\"productTitle\">";
        assertThat(MarkerSearch.indexOf(text, "id=\"productTitle\"", Integer.MAX_VALUE - 1)).isEqualTo(-1);
        assertThat(MarkerSearch.indexOf(text, "id=\"productTitle\"", Integer.MIN_VALUE)).isEqualTo(4);
    }

    @Test
    void anEmptyMarkerIsFoundWhereIndexOfFindsIt() {
        assertThat(MarkerSearch.indexOf("abc", "", 2)).isEqualTo(2);
        assertThat(MarkerSearch.indexOf("abc", "", 9)).isEqualTo(3);
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int index = 0; index < length; index++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
