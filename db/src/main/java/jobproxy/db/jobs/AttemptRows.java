package jobproxy.db.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes of the attempts table; only the transitions call these, inside their transaction. */
final class AttemptRows {
    private AttemptRows() {
    }

    static void start(Connection c, String jobId, int number, String node, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO attempts (job_id, number, node, started_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, jobId);
            ps.setInt(2, number);
            ps.setString(3, node);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }

    /** An attempt that never ran (its claim was given back): no history to keep. */
    static void discard(Connection c, String jobId, int number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM attempts WHERE job_id = ? AND number = ? AND outcome IS NULL")) {
            ps.setString(1, jobId);
            ps.setInt(2, number);
            JobTransitions.verdict(ps.executeUpdate(), "discard attempt " + number, jobId);
        }
    }

    static void finish(Connection c, String jobId, int number, long now, AttemptOutcome outcome, AttemptError error)
            throws SQLException {
        String sql = "UPDATE attempts SET finished_at = ?, outcome = ?, error_class = ?, error_message = ?, stack_trace = ?"
                + " WHERE job_id = ? AND number = ? AND outcome IS NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, outcome.name());
            ps.setString(3, error == null ? null : error.errorClass());
            ps.setString(4, error == null ? null : error.message());
            ps.setString(5, error == null ? null : error.stackTrace());
            ps.setString(6, jobId);
            ps.setInt(7, number);
            JobTransitions.verdict(ps.executeUpdate(), "finish attempt " + number, jobId);
        }
    }
}
