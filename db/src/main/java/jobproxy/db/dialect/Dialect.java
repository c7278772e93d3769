package jobproxy.db.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases jobproxy runs on. The JDBC URL decides (DESIGN §2): SQLite by default, PostgreSQL when the URL says so.
 * Both share one schema shape and one set of queries; what differs is named here (migration folders, row locks,
 * writer count) and in the PostgreSQL V1 migration (collation, fill factor).
 */
public enum Dialect {
    /** One writer at a time, database-wide: no row locks, one group-commit writer. */
    SQLITE("sqlite", false, 1),
    /** Row locks; statements are network round trips, so several writers overlap them. */
    POSTGRESQL("postgresql", true, 4);

    /** How a SQLite JDBC URL begins. */
    public static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private final String folder;
    private final boolean rowLocks;
    private final int writers;

    Dialect(String folder, boolean rowLocks, int writers) {
        this.folder = folder;
        this.rowLocks = rowLocks;
        this.writers = writers;
    }

    /** Whether rows can be locked one by one ({@code FOR UPDATE}, {@code SKIP LOCKED}). */
    public boolean rowLocks() {
        return rowLocks;
    }

    /**
     * SQLite's {@code INDEXED BY} clause, which makes its planner read the named index; empty on PostgreSQL, whose
     * statistics choose well. Hazard on SQLite: without statistics (no ANALYZE) the planner took jobs_status_created for
     * the outbox's reads and sorted every PENDING row of a large backlog, 40-50 ms each time.
     */
    public String indexedBy(String index) {
        return this == SQLITE ? " INDEXED BY " + index : "";
    }

    /** Group-commit writer threads when {@code jobproxy.db.writers} is 0 (see CommitSettings). */
    public int defaultWriters() {
        return writers;
    }

    /**
     * Flyway locations of this dialect's migrations: the dialect's own folder (where the SQL differs, e.g. V1's table
     * definitions) and the folder both share (hazard: a portable migration copied into two folders drifting apart).
     */
    public String[] migrations() {
        return new String[]{"classpath:db/migration/" + folder, "classpath:db/migration/common"};
    }

    /** The dialect of a JDBC URL; a clear error for anything else (hazard: starting on a database we never tested). */
    public static Dialect ofUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (isSqlite(url)) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("datasources.default.url: jobproxy runs on SQLite (jdbc:sqlite:...) or PostgreSQL"
                + " (jdbc:postgresql://...), not " + redacted(jdbcUrl));
    }

    /** A SQLite JDBC URL (any case), without the error {@link #ofUrl} gives for an unknown database. */
    public static boolean isSqlite(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).startsWith(SQLITE_PREFIX);
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
