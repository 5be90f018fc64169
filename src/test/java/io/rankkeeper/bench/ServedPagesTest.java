package io.rankkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.extract.Extraction;
import io.rankkeeper.extract.Extractors;
import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ServedPagesTest {

    private static final int TARGETS = 70;

    @Test
    void eachTargetIsServedItsOwnRanksInARealisticallyLargePage() {
        ServedPages pages = new ServedPages(TARGETS, false);
        for (int index : new int[] {0, 5, 64, 69}) {
            String response = text(pages.response(BenchCatalog.path(index)));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(response).contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
            assertThat(body.length()).isBetween(400_000, 1_000_000);
            assertThat(body).contains(ServedPages.rankBlock(BenchCatalog.ranks(index)));
        }
    }

    @Test
    void gzipBodyInflatesToTheUncompressedPage() throws IOException {
        ServedPages plain = new ServedPages(TARGETS, false);
        ServedPages gzip = new ServedPages(TARGETS, true);
        for (int index : new int[] {3, 67}) {
            byte[] compressed = bytes(gzip.response(BenchCatalog.path(index)));
            String head = new String(compressed, 0, 200, StandardCharsets.ISO_8859_1);
            int bodyStart = head.indexOf("\r\n\r\n") + 4;
            assertThat(head).contains("Content-Encoding: gzip").contains("Content-Length: " + (compressed.length - bodyStart));
            byte[] inflated;
            try (GZIPInputStream in = new GZIPInputStream(
                    new ByteArrayInputStream(compressed, bodyStart, compressed.length - bodyStart))) {
                inflated = in.readAllBytes(); // also checks the trailer's CRC and size
            }
            String page = text(plain.response(BenchCatalog.path(index)));
            assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(page.substring(page.indexOf("\r\n\r\n") + 4));
            assertThat(compressed.length).isLessThan(inflated.length / 2);
        }
    }

    @Test
    void theAmazonExtractorReadsTheServedRanks() {
        ServedPages pages = new ServedPages(TARGETS, false);
        String response = text(pages.response(BenchCatalog.path(42)));
        Extraction extraction = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON))
                .extract(response.substring(response.indexOf("\r\n\r\n") + 4),
                        java.net.URI.create("https://www.amazon.com/dp/B000000042"), null);
        assertThat(extraction.ranks()).extracting(CategoryRank::category, CategoryRank::rank, CategoryRank::main)
                .containsExactlyElementsOf(BenchCatalog.ranks(42).stream()
                        .map(rank -> org.assertj.core.groups.Tuple.tuple(rank.category(), rank.rank(), rank.main()))
                        .toList());
    }

    @Test
    void unknownPathsGetNotFound() {
        ServedPages pages = new ServedPages(TARGETS, false);
        assertThat(text(pages.response("/dp/B000000070"))).startsWith("HTTP/1.1 404");
        assertThat(text(pages.response("/robots.txt"))).startsWith("HTTP/1.1 404");
    }

    @Test
    void catalogRoundTripsPathsAndGivesThreeDistinctCategories() {
        assertThat(BenchCatalog.indexOf(BenchCatalog.path(4_321))).isEqualTo(4_321);
        assertThat(BenchCatalog.indexOf("/dp/0132269937")).isEqualTo(-1);
        for (int index = 0; index < 500; index++) {
            assertThat(BenchCatalog.ranks(index)).extracting(CategoryRank::category).doesNotHaveDuplicates().hasSize(3);
        }
    }

    private static byte[] bytes(ByteBuffer[] parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer part : parts) {
            byte[] chunk = new byte[part.remaining()];
            part.duplicate().get(chunk);
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static String text(ByteBuffer[] parts) {
        return new String(bytes(parts), StandardCharsets.UTF_8);
    }
}
