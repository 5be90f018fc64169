package io.rankkeeper.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code category} table. */
interface CategoryDao {

    record CategoryIdRow(String categoryKey, long id) {
    }

    @SqlQuery("SELECT category_key, id FROM category")
    @RegisterConstructorMapper(CategoryIdRow.class)
    List<CategoryIdRow> allIds();

    @SqlQuery("SELECT id FROM category WHERE category_key = :categoryKey")
    Optional<Long> findId(String categoryKey);

    @SqlUpdate("""
            INSERT INTO category (marketplace, name, node_id, category_key)
            VALUES (:marketplace, :name, :nodeId, :categoryKey)
            """)
    @GetGeneratedKeys("id")
    long insert(String marketplace, String name, String nodeId, String categoryKey);
}
