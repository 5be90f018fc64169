package io.rankkeeper.store;

import io.rankkeeper.model.JdbcUrls;
import java.util.Locale;

/**
 * The database products the schema supports, read from the JDBC URL. Flyway does not expand
 * {@code {vendor}} in locations, so the vendor folder is chosen here.
 */
enum Vendor {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    Vendor(String folder) {
        this.folder = folder;
    }

    /** The Flyway locations: shared scripts plus this vendor's own. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/common", "classpath:db/" + folder};
    }

    static Vendor fromUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("Unsupported database URL '" + JdbcUrls.masked(url)
                + "': rankkeeper stores into H2 (jdbc:h2:file:...) or PostgreSQL (jdbc:postgresql://host/db).");
    }
}
