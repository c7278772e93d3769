package jobproxy.db.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases jobproxy runs on. The JDBC URL decides (DESIGN §2): SQLite by default, PostgreSQL when the URL says so.
 * Both share one schema shape and one set of queries; what differs is named here (the migration folder) and in the
 * PostgreSQL migrations themselves (collation, fill factor).
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** Flyway location of this dialect's migrations. */
    public String migrations() {
        return "classpath:db/migration/" + folder;
    }

    /** The dialect of a JDBC URL; a clear error for anything else (hazard: starting on a database we never tested). */
    public static Dialect ofUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("datasources.default.url: jobproxy runs on SQLite (jdbc:sqlite:...) or PostgreSQL"
                + " (jdbc:postgresql://...), not " + redacted(jdbcUrl));
    }

    /** The dialect of an open connection. */
    public static Dialect of(Connection c) throws SQLException {
        return ofUrl(c.getMetaData().getURL());
    }

    /** The URL without its query, which may carry a password. */
    private static String redacted(String url) {
        if (url == null) {
            return "(none)";
        }
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }
}
