package io.rankkeeper.store;

import io.rankkeeper.model.CategoryRank;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Category identity to database id, cached in memory; unknown categories are inserted if absent.
 * Two processes may insert the same category at once: the loser of the unique key re-reads the
 * winner's id. Each insert runs in its own short transaction so that a unique violation cannot
 * spoil a larger one (PostgreSQL aborts the whole transaction on any error). Thread-safe.
 */
final class CategoryIds {

    static final int MAX_NAME_LENGTH = 500;
    static final int MAX_NODE_ID_LENGTH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(CategoryIds.class);

    private final Jdbi jdbi;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    CategoryIds(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void preload() {
        for (CategoryDao.CategoryIdRow row : jdbi.onDemand(CategoryDao.class).allIds()) {
            ids.put(row.categoryKey(), row.id());
        }
    }

    /**
     * The identity: the node id when the page links the category (names differ by language and
     * change), else the name; both within the marketplace.
     */
    static String key(String marketplace, CategoryRank rank) {
        String nodeId = nodeId(rank);
        return nodeId != null
                ? "node:" + marketplace + ":" + nodeId
                : "name:" + marketplace + ":" + name(rank);
    }

    long idOf(String marketplace, CategoryRank rank) {
        String key = key(marketplace, rank);
        Long id = ids.get(key);
        if (id == null) {
            id = findOrInsert(key, marketplace, rank);
            ids.put(key, id);
        }
        return id;
    }

    private long findOrInsert(String key, String marketplace, CategoryRank rank) {
        CategoryDao dao = jdbi.onDemand(CategoryDao.class);
        Optional<Long> existing = dao.findId(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return dao.insert(marketplace, name(rank), nodeId(rank), key);
        } catch (UnableToExecuteStatementException e) {
            // most likely another writer inserted it since our read; take its id, or report ours
            long id = dao.findId(key).orElseThrow(() -> e);
            LOG.debug("Category {} was inserted concurrently by another writer; using id {}", key, id);
            return id;
        }
    }

    private static String nodeId(CategoryRank rank) {
        String nodeId = rank.nodeId();
        if (nodeId == null || nodeId.isBlank()) {
            return null;
        }
        return nodeId.length() <= MAX_NODE_ID_LENGTH ? nodeId.strip() : nodeId.strip().substring(0, MAX_NODE_ID_LENGTH);
    }

    private static String name(CategoryRank rank) {
        String name = rank.category().strip();
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
    }
}
