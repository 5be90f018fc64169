package io.rankkeeper.model;

import java.util.Objects;

/**
 * One rank read from a page: the position of the item in one category.
 *
 * @param category the category's name as the page shows it ("Books", "Python Programming")
 * @param nodeId the marketplace's best-sellers node id from the category link, or null
 * @param ladder the category path as shown on the page ("Books > Computers > Python"), or null
 * @param rank the position, 1 or more
 * @param main true for the main (top-level) category of the page; at most one per page
 */
public record CategoryRank(String category, String nodeId, String ladder, long rank, boolean main) {

    public CategoryRank {
        Objects.requireNonNull(category, "category");
        if (category.isBlank()) {
            throw new IllegalArgumentException("category must not be blank");
        }
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be 1 or more, was " + rank);
        }
    }
}
