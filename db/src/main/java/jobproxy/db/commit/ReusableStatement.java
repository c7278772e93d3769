package jobproxy.db.commit;

import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

import java.sql.SQLException;

/**
 * A sqlite-jdbc prepared statement the {@link StatementCache} keeps compiled between uses: {@code close()} clears what
 * the last user bound and hands it back, {@link #release()} really closes it. A subclass rather than a wrapper: every
 * parameter and execute call of the writer goes straight to the driver (a dynamic proxy took one reflective call per
 * {@code setString}, a few dozen per job).
 */
final class ReusableStatement extends JDBC4PreparedStatement {
    private boolean inUse;

    ReusableStatement(SQLiteConnection connection, String sql) throws SQLException {
        super(connection, sql);
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
