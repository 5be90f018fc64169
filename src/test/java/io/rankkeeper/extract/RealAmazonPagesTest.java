package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every real page in the shared fixtures folder, with the ranks its README lists. Skipped only
 * where the folder does not exist.
 */
class RealAmazonPagesTest {

    private static final Extractor AMAZON = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON));

    private static CategoryRank main(String category, String node, long rank) {
        return new CategoryRank(category, node, null, rank, true);
    }

    private static CategoryRank sub(String category, String node, String ladder, long rank) {
        return new CategoryRank(category, node, ladder, rank, false);
    }

    /** Expected ranks per file; an empty list means NOT_RANKED, null means BLOCKED. */
    /**
     * Expected ranks per file: the README's ranks and categories, with the node ids and ladders
     * the pages' links show; an empty list means NOT_RANKED.
     */
    private static final Map<String, List<CategoryRank>> EXPECTED = Map.ofEntries(
            Map.entry("book_com_2011_salesrank.html", List.of(
                    main("Books", "books", 1),
                    sub("Suspense", "10495", "Books > Mystery & Thrillers > Thrillers > Suspense", 5),
                    sub("Contemporary", "10129", "Books > Literature & Fiction > Contemporary", 4))),
            Map.entry("de_2019_0062796984.html", List.of(
                    main("Fremdsprachige Bücher", "books-intl-de", 52_871),
                    sub("Kinderbücher zu Selbstbewusstsein", "62420011", null, 104),
                    sub("Kinderbücher zu Emotionen & Gefühlen", "62410011", null, 144),
                    sub("Soziale Themen für Kinder", "1323109031", null, 1004))),
            Map.entry("de_2019_0131103628.html", List.of(
                    main("Bücher", "books", 13_222),
                    sub("C", "166026031", null, 3))),
            Map.entry("de_2019_1439878676.html", List.of(
                    main("Fremdsprachige Bücher", "books-intl-de", 190_823),
                    sub("Botanik (Fremdsprachige Bücher)", "56460011", null, 287),
                    sub("Fachbücher Agrarwissenschaften", "56517011", null, 584),
                    sub("Outdoor, Umwelt & Natur", "65108011", null, 5378))),
            Map.entry("de_2019_B00004YS4O.html", List.of(
                    main("DVD & Blu-ray", "dvd-de", 213_549),
                    sub("Musik (DVD & Blu-ray)", "9840061031", null, 16_625))),
            Map.entry("de_2019_B01GAWQSFW.html", List.of()),
            Map.entry("de_2019_B01LW7X0JJ.html", List.of(
                    main("Küche, Haushalt & Wohnen", "kitchen", 1_234_207),
                    sub("Hussen", "2970868031", null, 1345))),
            Map.entry("de_2019_B07H57DNVV.html", List.of(
                    main("Musik-CDs & Vinyl", "music", 109),
                    sub("Rock (Musik-CDs & Vinyl)", "264886", null, 22))),
            Map.entry("us_2019_0062796984.html", List.of(
                    main("Books", "books", 5),
                    sub("Girls & Women", "3068", "Books > Children's Books > Growing Up & Facts of Life > Friendship, Social Skills & School Life > Girls & Women", 1),
                    sub("Self-Esteem & Self-Respect", "3160", "Books > Children's Books > Growing Up & Facts of Life > Friendship, Social Skills & School Life > Self-Esteem & Self-Respect", 1),
                    sub("Emotions & Feelings", "3150", "Books > Children's Books > Growing Up & Facts of Life > Friendship, Social Skills & School Life > Emotions & Feelings", 1))),
            Map.entry("us_2019_0131103628.html", List.of(
                    main("Books", "books", 5838),
                    sub("C", "9045759011", "Books > Computers & Technology > Programming > Languages & Tools > C & C++ > C", 2),
                    sub("Programming Languages", "491314", "Books > Textbooks > Computer Science > Programming Languages", 17),
                    sub("Software", "4053", "Books > Computers & Technology > Software", 20))),
            Map.entry("us_2019_1439878676.html", List.of(
                    main("Books", "books", 301_800),
                    sub("Agronomy", "226683", "Books > Science & Math > Agricultural Sciences > Agronomy", 61),
                    sub("Horticulture", "226681", "Books > Science & Math > Agricultural Sciences > Horticulture", 98),
                    sub("Botany", "491716", "Books > Textbooks > Science & Mathematics > Biology & Life Sciences > Botany", 100))),
            Map.entry("us_2019_B00004YS4O.html", List.of(
                    main("Movies & TV", "movies-tv", 119_893),
                    sub("New Wave", "5217", "CDs & Vinyl > Alternative Rock > New Wave & Post-Punk > New Wave", 1505),
                    sub("Performing Arts", "2959116011", "Movies & TV > DVD > Performing Arts", 2348),
                    sub("Music Videos & Concerts", "2959114011", "Movies & TV > DVD > Music Videos & Concerts", 5231))),
            Map.entry("us_2019_B01GAWQSFW.html", List.of(
                    main("Clothing, Shoes & Jewelry", "fashion", 103_676),
                    sub("Wrist Watches", "6358544011", "Clothing, Shoes & Jewelry > Women > Watches > Wrist Watches", 289),
                    sub("Shops", "7581668011", "Clothing, Shoes & Jewelry > Women > Shops", 51_235))),
            Map.entry("us_2019_B01LW7X0JJ.html", List.of(
                    main("Home & Kitchen", "home-garden", 25_654),
                    sub("Dining Chair Slipcovers", "3735871", "Home & Kitchen > Home Décor > Slipcovers > Dining Chair Slipcovers", 30),
                    sub("Food Service Equipment & Supplies", "6054382011", "Home & Kitchen > Kitchen & Dining > Food Service Equipment & Supplies", 3560))),
            Map.entry("us_2019_B07CL39Z8Q.html", List.of(
                    main("Clothing, Shoes & Jewelry", "fashion", 409_707),
                    sub("Tops, Tees & Blouses", "2368343011", "Clothing, Shoes & Jewelry > Women > Clothing > Tops, Tees & Blouses", 15_457),
                    sub("Shops", "7581668011", "Clothing, Shoes & Jewelry > Women > Shops", 210_076))),
            Map.entry("us_2019_B07H57DNVV.html", List.of(
                    main("CDs & Vinyl", "music", 2))));

    @Test
    void readsTheRanksTheReadmeListsFromEveryRealPage() throws IOException {
        Path folder = SharedPages.folder();
        assumeTrue(folder != null, "shared real pages not present (../shared/fixtures/amazon)");
        List<String> files;
        try (Stream<Path> paths = Files.list(folder)) {
            files = paths.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".html")).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("every page in the folder has an expectation here")
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(EXPECTED.keySet().stream(), Stream.of("robotcheck_couk.html")).toList());
        for (String file : files) {
            if (file.equals("robotcheck_couk.html")) {
                continue;
            }
            Extraction extraction = AMAZON.extract(SharedPages.read(folder, file), marketplace(file), null);
            List<CategoryRank> expected = EXPECTED.get(file);
            if (expected.isEmpty()) {
                assertThat(extraction.outcome()).as(file).isEqualTo(Outcome.NOT_RANKED);
                assertThat(extraction.title()).as(file).isNotBlank();
                continue;
            }
            assertThat(extraction.outcome()).as(file + ": " + extraction.detail()).isEqualTo(Outcome.OK);
            assertThat(extraction.title()).as(file).isNotBlank();
            assertThat(extraction.ranks()).as(file).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void recordsBlockedWhenRobotCheckServedWith200() {
        Path folder = SharedPages.folder();
        assumeTrue(folder != null, "shared real pages not present (../shared/fixtures/amazon)");
        Extraction extraction = AMAZON.extract(SharedPages.read(folder, "robotcheck_couk.html"),
                URI.create("https://www.amazon.co.uk/dp/B08H95Y452"), null);
        assertThat(extraction.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(extraction.ranks()).isEmpty();
    }

    private static URI marketplace(String file) {
        String host = file.startsWith("de_") ? "www.amazon.de" : "www.amazon.com";
        return URI.create("https://" + host + "/dp/" + file.replaceAll("^[a-z]+_\\d+_|\\.html$", ""));
    }
}
