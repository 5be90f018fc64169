package io.rankkeeper.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A view holds a page in chunks, so every method must give what the same method of one whole
 * string gives, wherever the chunks begin and end, on a whole view and on a prefix of one.
 */
class PageViewTest {

    /** Few letters, both cases, blanks and a char above 0x7f: matches, near misses and case folds are common. */
    private static final String ALPHABET = "aAbB<>/ \n\u00e9";

    @Test
    void everyMethodGivesWhatTheStringGivesWhereverTheChunksEnd() {
        Random random = new Random(7);
        for (int round = 0; round < 3_000; round++) {
            String whole = randomText(random, random.nextInt(70));
            int chunkChars = 1 << random.nextInt(7);
            byte[] bytes = whole.getBytes(StandardCharsets.ISO_8859_1);
            PageView view = PageView.ofBytes(bytes, 0, bytes.length, StandardCharsets.UTF_8, chunkChars);
            int end = random.nextInt(whole.length() + 1);
            String text = whole.substring(0, end);
            PageView prefix = view.prefix(end);
            String what = String.format("'%s' in chunks of %d", text, chunkChars);

            assertThat(prefix.length()).as(what).isEqualTo(text.length());
            assertThat(prefix.isBlank()).as(what).isEqualTo(text.isBlank());
            assertThat(prefix.substring(0, end)).as(what).isEqualTo(text);
            String needle = randomText(random, random.nextInt(4));
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            for (int from = -2; from <= end + 2; from++) {
                String at = what + " from " + from + ", '" + needle + "', '" + c + "'";
                assertThat(prefix.indexOf(c, from)).as(at).isEqualTo(text.indexOf(c, from));
                assertThat(prefix.lastIndexOf(c, from)).as(at).isEqualTo(text.lastIndexOf(c, from));
                assertThat(prefix.indexOf(needle, from)).as(at).isEqualTo(text.indexOf(needle, from));
                assertThat(prefix.lastIndexOf(needle, from)).as(at).isEqualTo(text.lastIndexOf(needle, from));
                assertThat(prefix.startsWith(needle, from)).as(at).isEqualTo(text.startsWith(needle, from));
                int count = random.nextInt(5) - 1;
                int otherAt = random.nextInt(3) - 1;
                assertThat(prefix.regionMatches(true, from, needle, otherAt, count)).as(at + " ignoring case")
                        .isEqualTo(text.regionMatches(true, from, needle, otherAt, count));
                assertThat(prefix.regionMatches(false, from, needle, otherAt, count)).as(at)
                        .isEqualTo(text.regionMatches(false, from, needle, otherAt, count));
                if (from >= 0 && from < end) {
                    assertThat(prefix.charAt(from)).as(at).isEqualTo(text.charAt(from));
                    int to = from + random.nextInt(end - from + 1);
                    assertThat(prefix.substring(from, to)).as(at + " to " + to).isEqualTo(text.substring(from, to));
                }
            }
        }
    }

    @Test
    void readsPartsWithThePageCharsetAndTheWholeTextBack() {
        String page = "<title>Caf\u00e9 \u58f2\u308c\u7b4b</title>" + "x".repeat(300);
        byte[] utf8 = page.getBytes(StandardCharsets.UTF_8);
        PageView view = PageView.ofBytes(utf8, 0, utf8.length, StandardCharsets.UTF_8, 16);

        assertThat(view.text()).isEqualTo(page);
        int open = view.indexOf('>', 0);
        int close = view.indexOf('<', open);
        assertThat(view.read(view.substring(open + 1, close))).isEqualTo("Caf\u00e9 \u58f2\u308c\u7b4b");
        assertThat(view.indexOf(view.marker("\u58f2\u308c"), 0)).isEqualTo(open + 1 + "Caf\u00e9 ".getBytes(StandardCharsets.UTF_8).length);
        assertThat(view.isText()).isFalse();
        assertThat(PageView.ofText(page).text()).isSameAs(page);
    }

    @Test
    void aViewOfPartOfAnArrayHoldsOnlyThatPart() {
        byte[] bytes = "..<p>page</p>..".getBytes(StandardCharsets.US_ASCII);
        PageView view = PageView.ofBytes(bytes, 2, bytes.length - 4, StandardCharsets.UTF_8, 4);

        assertThat(view.text()).isEqualTo("<p>page</p>");
        assertThat(view.lastIndexOf('.', 100)).isEqualTo(-1);
    }

    @Test
    void copiesAChunkWhenFirstReadAndKeepsWhatWasReadAfterRelease() {
        byte[] bytes = "<a>.<b>.<c>.<d>.".getBytes(StandardCharsets.US_ASCII);
        PageView view = PageView.ofBytes(bytes, 0, bytes.length, StandardCharsets.UTF_8, 4);
        PageView prefix = view.prefix(8);

        assertThat(view.substring(0, 3)).isEqualTo("<a>");
        // The third chunk was not read yet: the view sees the bytes as they are when it is.
        bytes[9] = 'x';
        assertThat(view.substring(8, 11)).isEqualTo("<x>");
        bytes[1] = 'y';
        assertThat(view.substring(0, 3)).isEqualTo("<a>");

        view.release();
        bytes[13] = 'z';
        assertThat(view.indexOf('>', 0)).isEqualTo(2);
        assertThat(view.substring(8, 11)).isEqualTo("<x>");
        assertThatThrownBy(() -> view.indexOf("<d>", 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
        assertThatThrownBy(() -> prefix.charAt(5)).isInstanceOf(IllegalStateException.class);
        view.release();
        assertThat(PageView.ofText("<a>").prefix(2).text()).isEqualTo("<a");
    }

    @Test
    void positionsOutsideTheViewFailAsTheStringsDo() {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        PageView view = PageView.ofBytes(bytes, 0, bytes.length, StandardCharsets.UTF_8, 4).prefix(6);

        assertThatThrownBy(() -> view.charAt(6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.substring(2, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.prefix(7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> PageView.ofBytes(bytes, 0, 10, StandardCharsets.UTF_8, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int index = 0; index < length; index++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
