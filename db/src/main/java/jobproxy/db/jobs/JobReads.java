package jobproxy.db.jobs;

import jobproxy.db.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Whole-row reads on a given connection, shared by the repository and the transitions. */
final class JobReads {
    private JobReads() {
    }

    static Optional<JobRow> find(Connection c, String id) throws SQLException {
        return read(c, id, "");
    }

    /**
     * The row, locked for this transaction where the database has row locks (PostgreSQL). A claim takes the job's row
     * before its exclusion key's, as outcomes do (hazard measured: claims that took the key first and the job last
     * deadlocked with batches holding the job, each costing PostgreSQL's 1 s detection).
     */
    static Optional<JobRow> lock(Connection c, String id, Dialect dialect) throws SQLException {
        return read(c, id, dialect.rowLocks() ? " FOR UPDATE" : "");
    }

    private static Optional<JobRow> read(Connection c, String id, String suffix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?" + suffix)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobRows.map(rs)) : Optional.empty();
            }
        }
    }
}
