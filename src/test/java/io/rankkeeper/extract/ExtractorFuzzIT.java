package io.rankkeeper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.ExtractorSpec;
import io.rankkeeper.model.Outcome;
import java.io.IOException;
import io.rankkeeper.model.PageView;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bad pages: a bounded, seeded mutation loop over every saved page (the real Amazon pages in the
 * shared folder and the project's fixtures) through every extractor (amazon, amazon-list, css).
 * Each case damages a page ({@link PageMutator}) and checks three properties:
 * <ul>
 *   <li>never an exception: nothing escapes, and nothing is caught inside the extractor either
 *       (its "extractor error" detail is a swallowed exception, so it counts as one);</li>
 *   <li>never a rank that is not written in the page: every rank returned is a number the
 *       mutated page writes ({@link WrittenNumbers}), with one rank marked main at most. The list
 *       extractor's fallbacks are held to what they read instead: the card's
 *       {@code p13n-asin-index-N} gives N + 1, the item order is at most the links on the page;</li>
 *   <li>the same input gives the same result: the extraction is repeated on a copy of the text.</li>
 * </ul>
 * Run with {@code -Dfuzz.seed=...} to replay other cases and {@code -Dfuzz.cases=...} to run
 * more; a failure names the case's seed and its mutations.
 */
class ExtractorFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20_261_130L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 3_000);
    private static final int MAX_REPORTED = 15;

    private static final URI PRODUCT_URL = URI.create("https://www.amazon.com/dp/0132269937");
    private static final URI LIST_URL =
            URI.create("https://www.amazon.com/Best-Sellers-Books-Python-Programming/zgbs/books/285856/ref=zg_bs_nav");
    private static final URI CSS_URL = URI.create("https://games.example.org/apps/starfield-tactics");

    private static final Extractor AMAZON = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON));
    private static final Extractor LIST = Extractors.create(ExtractorSpec.of(ExtractorKind.AMAZON_LIST));
    private static final List<Extractor> CSS = List.of(
            Extractors.create(new ExtractorSpec(ExtractorKind.CSS, ".chart-position .rank", null, null, "Strategie")),
            Extractors.create(new ExtractorSpec(ExtractorKind.CSS, "div.chart-badge", "#(\\d+) von", null, null)),
            Extractors.create(new ExtractorSpec(ExtractorKind.CSS, ".chart-position .rank", "Nr\\.\\s([\\d.]+)", ".", null)),
            Extractors.create(new ExtractorSpec(ExtractorKind.CSS, "#SalesRank, li:contains(Best Sellers Rank)", null, null, null)));

    /** One page through one extractor. */
    private record Subject(String name, String page, Extractor extractor, URI url, String itemId) {
    }

    @Test
    void mutatedPagesNeverThrowNeverInventARankAndAlwaysGiveTheSameResult() throws IOException {
        List<Subject> subjects = subjects();
        List<String> failures = new ArrayList<>();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        long started = System.nanoTime();
        long bytes = 0;
        for (int index = 0; index < CASES; index++) {
            Subject subject = subjects.get(index % subjects.size());
            long caseSeed = SEED * 1_000_003L + index;
            PageMutator mutator = new PageMutator(caseSeed);
            String mutant = mutator.mutate(subject.page());
            bytes += mutant.length();
            String problem = check(subject, mutant, outcomes);
            if (problem != null && failures.size() < MAX_REPORTED) {
                failures.add(String.format("case %d (seed %d) %s via %s: %s; mutations %s", index, caseSeed,
                        subject.name(), subject.extractor().name(), problem, mutator.log()));
            } else if (problem != null) {
                failures.add("...");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "Fuzzed %,d mutated pages (%d subjects: %d pages x extractors, %.0f MB) in %.1f s,"
                        + " seed %d: outcomes %s; %d failed%n",
                CASES, subjects.size(), subjects.stream().map(Subject::page).distinct().count(), bytes / 1e6, seconds,
                SEED, outcomes, failures.size());
        assertThat(failures).as("fuzz failures (replay with -Dfuzz.seed=%d)", SEED).isEmpty();
        // The loop must reach both sides: ranks read despite damage, and damage recognised.
        assertThat(outcomes).containsKeys(Outcome.OK, Outcome.NOT_RANKED, Outcome.LAYOUT_CHANGED, Outcome.BLOCKED);
    }

    /** Returns what is wrong with the extraction of {@code mutant}, or null. */
    private static String check(Subject subject, String mutant, Map<Outcome, Integer> outcomes) {
        Extraction first;
        Extraction again;
        try {
            first = subject.extractor().extract(mutant, subject.url(), subject.itemId());
            again = subject.extractor().extract(new String(mutant.toCharArray()), subject.url(), subject.itemId());
            byte[] utf8 = mutant.getBytes(StandardCharsets.UTF_8);
            if (new String(utf8, StandardCharsets.UTF_8).equals(mutant)) {
                // the way the engine hands over a fetched page: its bytes, read only where needed
                for (int chunkChars : new int[] {PageView.CHUNK_CHARS, 64}) {
                    Extraction viewed = subject.extractor().extractView(
                            PageView.ofBytes(utf8, 0, utf8.length, StandardCharsets.UTF_8, chunkChars),
                            subject.url(), subject.itemId());
                    if (!viewed.equals(first)) {
                        return "the page's byte view in chunks of " + chunkChars + " reads differently: " + first + " then " + viewed;
                    }
                }
            }
        } catch (Throwable thrown) {
            return "threw " + thrown;
        }
        if (first == null) {
            return "returned null";
        }
        outcomes.merge(first.outcome(), 1, Integer::sum);
        if (!first.equals(again)) {
            return "not deterministic: " + first + " then " + again;
        }
        if (first.detail() != null && first.detail().startsWith("extractor error")) {
            return "an exception inside the extractor: " + first.detail();
        }
        if (!Set.of(Outcome.OK, Outcome.NOT_RANKED, Outcome.BLOCKED, Outcome.LAYOUT_CHANGED).contains(first.outcome())) {
            return "outcome an extractor may not give: " + first.outcome();
        }
        if (first.ranks().stream().filter(CategoryRank::main).count() > 1) {
            return "more than one main rank: " + first.ranks();
        }
        WrittenNumbers written = new WrittenNumbers(mutant);
        for (CategoryRank rank : first.ranks()) {
            if (!written.contains(rank.rank()) && !readByListFallback(subject, mutant, rank.rank())) {
                return "rank " + rank.rank() + " is not written in the page: " + first.ranks();
            }
        }
        return null;
    }

    /** The list extractor's fallbacks: the card index plus one, or the item's order among the links. */
    private static boolean readByListFallback(Subject subject, String mutant, long rank) {
        if (subject.extractor() != LIST) {
            return false;
        }
        if (mutant.contains("p13n-asin-index-" + (rank - 1))) {
            return true;
        }
        long links = 0;
        for (int at = mutant.indexOf("/dp/"); at >= 0; at = mutant.indexOf("/dp/", at + 1)) {
            links++;
        }
        return rank <= links;
    }

    private static List<Subject> subjects() throws IOException {
        List<Subject> subjects = new ArrayList<>();
        List<String> productFixtures = List.of("ca_details_table", "cojp_detail_bullets", "com_cd_main_rank_only",
                "com_detail_bullets", "com_details_table", "com_legacy_salesrank", "com_no_rank", "combr_detail_bullets",
                "commx_detail_bullets", "couk_detail_bullets", "de_detail_bullets", "dogs_503", "es_detail_bullets",
                "fr_detail_bullets", "in_detail_bullets", "it_detail_bullets", "nl_detail_bullets", "robot_check_com",
                "search_results_not_product");
        for (String name : productFixtures) {
            String raw = Fixtures.raw("amazon/" + name + ".html");
            subjects.add(new Subject(name, raw, AMAZON, PRODUCT_URL, null));
            subjects.add(new Subject(name + " (padded)", Fixtures.page("amazon/" + name + ".html", 100 * 1024), AMAZON,
                    PRODUCT_URL, null));
            subjects.add(new Subject(name, raw, CSS.get(3), PRODUCT_URL, null));
            subjects.add(new Subject(name, raw, LIST, LIST_URL, "0132269937"));
        }
        for (String list : List.of("bestsellers_list_current", "bestsellers_list_2019")) {
            String raw = Fixtures.raw("amazon/" + list + ".html");
            for (String asin : List.of("1718502702", "1098125975", "1098115368", "B09ZYRH1ZH")) {
                subjects.add(new Subject(list, raw, LIST, LIST_URL, asin));
            }
            subjects.add(new Subject(list, raw, AMAZON, LIST_URL, null));
        }
        String chart = Fixtures.raw("css/app_chart_page.html");
        for (Extractor css : CSS) {
            subjects.add(new Subject("app_chart_page", chart, css, CSS_URL, null));
            subjects.add(new Subject("app_chart_page (padded)", Fixtures.page("css/app_chart_page.html", 30 * 1024), css,
                    CSS_URL, null));
        }
        subjects.add(new Subject("app_chart_page", chart, AMAZON, CSS_URL, null));
        Path shared = SharedPages.folder();
        if (shared != null) {
            try (Stream<Path> files = Files.list(shared)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".html")).sorted().toList()) {
                    String name = file.getFileName().toString();
                    subjects.add(new Subject(name, SharedPages.read(shared, name), AMAZON, PRODUCT_URL, null));
                }
            }
        } else {
            System.out.println("Shared real pages not found; fuzzing the project's fixtures only");
        }
        return subjects;
    }
}
