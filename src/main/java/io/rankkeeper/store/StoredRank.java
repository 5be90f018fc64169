package io.rankkeeper.store;

/** One rank of a stored observation, with its category's identity. Immutable. */
public record StoredRank(String marketplace, String categoryName, String nodeId, long rank, boolean main) {
}
