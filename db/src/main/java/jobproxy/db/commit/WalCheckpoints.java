package jobproxy.db.commit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** SQLite's WAL checkpoint, run on a pooled connection of its own: never on the group committer's writer. */
public final class WalCheckpoints {
    /**
     * What one checkpoint saw: whether it could not run (another checkpoint held the lock), the frames in the WAL, and
     * how many of them are now copied into the database file.
     */
    public record Result(boolean busy, int walFrames, int copiedFrames) {
    }

    private WalCheckpoints() {
    }

    /**
     * A PASSIVE checkpoint: copies what it can without waiting for the writer or readers, so the writer goes on
     * committing meanwhile.
     */
    public static Result passive(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return new Result(rs.getInt(1) != 0, rs.getInt(2), rs.getInt(3));
        }
    }
}
