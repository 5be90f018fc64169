package io.rankkeeper.extract;

import io.rankkeeper.model.CategoryRank;
import io.rankkeeper.model.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * What an extractor read from a page.
 *
 * @param outcome OK (ranks present), NOT_RANKED, BLOCKED or LAYOUT_CHANGED
 * @param title the item's title, or null
 * @param ranks the ranks, main category first; empty unless OK
 * @param detail a short explanation for a non-OK outcome, or null
 */
public record Extraction(Outcome outcome, String title, List<CategoryRank> ranks, String detail) {

    public Extraction {
        Objects.requireNonNull(outcome, "outcome");
        ranks = List.copyOf(ranks == null ? List.of() : ranks);
        if ((outcome == Outcome.OK) == ranks.isEmpty()) {
            throw new IllegalArgumentException(outcome + " with " + ranks.size() + " ranks");
        }
    }

    public static Extraction ok(String title, List<CategoryRank> ranks) {
        return new Extraction(Outcome.OK, title, ranks, null);
    }

    public static Extraction failed(Outcome outcome, String title, String detail) {
        return new Extraction(outcome, title, List.of(), detail);
    }
}
