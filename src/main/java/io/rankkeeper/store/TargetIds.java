package io.rankkeeper.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Target key to database id, held in memory so that writing an observation needs no query.
 * Loaded when a key is missing: at the first write, and when another node synced a new target.
 * Empty until then, so a store that only reads never loads it. Thread-safe.
 */
final class TargetIds {

    private final Jdbi jdbi;
    private volatile Map<String, Long> ids = new ConcurrentHashMap<>();

    TargetIds(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void reload() {
        Map<String, Long> fresh = new ConcurrentHashMap<>();
        for (TargetDao.TargetRow row : jdbi.onDemand(TargetDao.class).all()) {
            fresh.put(row.targetKey(), row.id());
        }
        ids = fresh;
    }

    /** The id held for the key, or null when this store has not seen it (no query). */
    Long cached(String targetKey) {
        return ids.get(targetKey);
    }

    /** Holds an id a reader looked up itself (a target's id never changes). */
    void remember(String targetKey, long id) {
        ids.put(targetKey, id);
    }

    /** The id of a synced target; a StoreException when the database does not know the key. */
    long require(String targetKey) {
        Long id = ids.get(targetKey);
        if (id == null) {
            synchronized (this) {
                id = ids.get(targetKey);
                if (id == null) {
                    reload();
                    id = ids.get(targetKey);
                }
            }
        }
        if (id == null) {
            throw new StoreException("Target '" + targetKey + "' is not in the database's target table."
                    + " Targets must be synced from the config (Store.syncTargets) before their observations"
                    + " are written.");
        }
        return id;
    }
}
