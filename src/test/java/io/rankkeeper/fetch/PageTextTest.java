package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PageTextTest {

    @Test
    void prefersContentTypeCharsetOverMetaTag() {
        byte[] bytes = "<meta charset=\"Shift_JIS\"><p>ä</p>".getBytes(StandardCharsets.UTF_8);

        assertThat(PageText.decode(bytes, bytes.length, "text/html; charset=\"UTF-8\"")).endsWith("<p>ä</p>");
    }

    @Test
    void readsLatin1LabelAsWindows1252LikeBrowsers() {
        byte[] bytes = {(byte) 0x80, ' ', (byte) 0xe9};

        assertThat(PageText.decode(bytes, bytes.length, "text/html; charset=iso-8859-1")).isEqualTo("€ é");
    }

    @Test
    void fallsBackToUtf8ForUnknownCharset() {
        byte[] bytes = "Größe".getBytes(StandardCharsets.UTF_8);

        assertThat(PageText.decode(bytes, bytes.length, "text/html; charset=no-such-charset")).isEqualTo("Größe");
    }

    @Test
    void readsAnUndeclaredLatin1PageAsWindows1252() {
        byte[] bytes = "<p>Nr. 13.222 in Bücher – Größe</p>".getBytes(Charset.forName("windows-1252"));

        assertThat(PageText.decode(bytes, bytes.length, "text/html")).isEqualTo("<p>Nr. 13.222 in Bücher – Größe</p>");
    }

    @Test
    void keepsAnUndeclaredUtf8PageWithAStrayByteAsUtf8() {
        byte[] utf8 = "Bücher, Größe, Küche".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(utf8, utf8.length + 1);
        bytes[utf8.length] = (byte) 0xe9;

        assertThat(PageText.decode(bytes, bytes.length, null)).isEqualTo("Bücher, Größe, Küche\ufffd");
    }

    @Test
    void keepsAnUndeclaredUtf8PageCutInTheMiddleOfACharacterAsUtf8() {
        byte[] utf8 = "Größö".getBytes(StandardCharsets.UTF_8);

        assertThat(PageText.decode(utf8, utf8.length - 1, null)).isEqualTo("Größ\ufffd");
    }

    @Test
    void ignoresMetaTagBeyondTheSniffWindow() {
        String text = " ".repeat(PageText.SNIFF_BYTES) + "<meta charset=\"windows-1251\">Größe";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(PageText.charset(null, bytes, bytes.length)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void honoursByteOrderMarkAndDropsIt() {
        byte[] bytes = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'h', 'i'};

        assertThat(PageText.decode(bytes, bytes.length, "text/html; charset=windows-1252")).isEqualTo("hi");
    }

    @Test
    void decodesOnlyTheGivenLength() {
        byte[] bytes = "abcdef".getBytes(StandardCharsets.US_ASCII);

        assertThat(PageText.decode(bytes, 3, null)).isEqualTo("abc");
        assertThat(PageText.hash(bytes, 3)).isEqualTo(PageText.hash("abc".getBytes(Charset.defaultCharset()), 3));
    }

    @Test
    void hashDiffersForDifferentBodiesAndHasFixedWidth() {
        byte[] first = "rank #1".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "rank #2".getBytes(StandardCharsets.US_ASCII);

        assertThat(PageText.hash(first, first.length)).hasSize(16).isNotEqualTo(PageText.hash(second, second.length));
        assertThat(PageText.hash(new byte[0], 0)).isEqualTo("0000000000000000");
    }
}
