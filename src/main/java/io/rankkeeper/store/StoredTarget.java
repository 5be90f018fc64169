package io.rankkeeper.store;

/**
 * One row of the {@code target} table, active or not. Immutable.
 *
 * @param id the surrogate key
 * @param key the stable key from the config
 * @param group the group it belongs (or last belonged) to
 * @param url the page that is fetched
 * @param label a human name, or null
 * @param itemId the item looked for on a list page, or null
 * @param active true while the target is in the config
 */
public record StoredTarget(long id, String key, String group, String url, String label, String itemId,
        boolean active) {
}
