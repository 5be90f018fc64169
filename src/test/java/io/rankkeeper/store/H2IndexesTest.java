package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On H2 every index costs a page write per commit that changes it: the history tables keep only
 * the indexes that some query or constraint needs, and one covering index for reading ranks (V7).
 * V9's index on the time of an attempt is appended to (ids and times grow together); the history
 * packer reads through it.
 */
class H2IndexesTest {

    @Test
    void historyTablesHaveNoIndexThatOnlyDoublesAnother() {
        try (FreshDatabase database = FreshDatabase.create(DatabaseKind.H2);
                Store store = Store.open(database.settings())) {
            List<String> indexes = store.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT i.table_name || ' (' || LISTAGG(c.column_name, ', ')
                               WITHIN GROUP (ORDER BY c.ordinal_position) || ')'
                      FROM information_schema.indexes i
                      JOIN information_schema.index_columns c
                        ON c.index_schema = i.index_schema AND c.index_name = i.index_name
                     WHERE i.table_schema = 'PUBLIC' AND i.table_name IN ('OBSERVATION', 'RANK')
                     GROUP BY i.table_name, i.index_name
                    """).mapTo(String.class).list());

            assertThat(indexes).containsExactlyInAnyOrder(
                    "OBSERVATION (ID)",
                    "OBSERVATION (SCHEDULED_AT, TARGET_ID)",
                    "OBSERVATION (TARGET_ID, OBSERVED_AT)",
                    "OBSERVATION (RUN_ID)",
                    "OBSERVATION (OBSERVED_AT, ID)",
                    "RANK (OBSERVATION_ID, CATEGORY_ID)",
                    "RANK (OBSERVATION_ID, CATEGORY_ID, RANK, IS_MAIN)");
        }
    }
}
