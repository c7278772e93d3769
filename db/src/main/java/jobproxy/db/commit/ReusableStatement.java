package jobproxy.db.commit;

import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A sqlite-jdbc prepared statement the {@link StatementCache} keeps compiled between uses: {@code close()} clears what
 * the last user bound and hands it back, {@link #release()} really closes it. A subclass rather than a wrapper: every
 * parameter and execute call of the writer goes straight to the driver (a dynamic proxy took one reflective call per
 * {@code setString}, a few dozen per job).
 */
final class ReusableStatement extends JDBC4PreparedStatement {
    /** The result columns' names as compiled (none when the statement returns no rows). */
    private final String[] columns;
    private boolean inUse;

    ReusableStatement(SQLiteConnection connection, String sql) throws SQLException {
        super(connection, sql);
        columns = rs.colsMeta;
    }

    /**
     * sqlite-jdbc forgets the column names whenever a result set closes and reads them again on the next query, one JNI
     * call, direct buffer and string per column: for every claim (its RETURNING is a whole job row) and outcome that was
     * 14 % of everything the server allocated in the end-to-end run (JFR). The names of a compiled statement do not
     * change (every statement here names its columns), so they are handed back instead.
     */
    @Override
    public ResultSet getResultSet() throws SQLException {
        if (rs.colsMeta == null) {
            rs.colsMeta = columns;
        }
        return super.getResultSet();
    }

    void lend() {
        inUse = true;
    }

    boolean released() {
        return super.isClosed();
    }

    /** Back to the cache, cleared; a statement whose connection died meanwhile is released and re-prepared next time. */
    @Override
    public void close() {
        if (!inUse) {
            return;
        }
        inUse = false;
        try {
            clearParameters();
            clearBatch();
        } catch (SQLException dead) {
            release();
        }
    }

    boolean inUse() {
        return inUse;
    }

    /** Finalizes the compiled statement (evicted, or its connection was retired). */
    void release() {
        inUse = false;
        try {
            super.close();
        } catch (SQLException ignored) {
            // its connection is gone already
        }
    }
}
