package jobproxy.db.unique;

import jobproxy.db.jobs.NewJob;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Duplicate suppression (DESIGN I4) on the unique_keys table: a key is claimed by inserting its hash under the primary
 * key, in the same transaction as the job row, so two callers on any nodes can never both win. Runs on the caller's
 * connection. Expiry is the key's own (counted_until), independent of how long job rows are kept.
 */
public final class UniqueKeys {
    private UniqueKeys() {
    }

    /** Claims the key for the new job; returns the id of the job already holding it (a duplicate) if any. */
    public static Optional<String> claim(Connection c, NewJob job, long now) throws SQLException {
        try (PreparedStatement expired = c.prepareStatement(
                "DELETE FROM unique_keys WHERE key_hash = ? AND counted_until IS NOT NULL AND counted_until <= ?")) {
            expired.setString(1, job.uniqueHash());
            expired.setLong(2, now);
            expired.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO unique_keys (key_hash, name, unique_key, job_id,"
                + " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING")) {
            ins.setString(1, job.uniqueHash());
            ins.setString(2, job.name());
            ins.setString(3, job.uniqueKey());
            ins.setString(4, job.id());
            ins.setLong(5, now);
            if (ins.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT job_id FROM unique_keys WHERE key_hash = ?")) {
            q.setString(1, job.uniqueHash());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("unique key of job " + job.id() + " neither inserted nor found");
                }
                return Optional.of(rs.getString(1));
            }
        }
    }

    /** The job finished (COMPLETED or FAILED): its key keeps counting for unique_for after now, then lapses. */
    public static void finish(Connection c, String jobId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE unique_keys SET counted_until = ? + (SELECT unique_for_ms"
                + " FROM jobs WHERE id = ?) WHERE job_id = ? AND counted_until IS NULL")) {
            ps.setLong(1, now);
            ps.setString(2, jobId);
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
    }

    /** The job was cancelled (or deleted): a cancelled job never counts as a duplicate. */
    public static void drop(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM unique_keys WHERE job_id = ?")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} keys whose period is over (they no longer count); returns how many. */
    public static int deleteExpired(Connection c, long now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM unique_keys WHERE key_hash IN (SELECT key_hash FROM"
                + " unique_keys WHERE counted_until IS NOT NULL AND counted_until <= ? LIMIT ?)")) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    /** The job counts again (operator retry): it re-takes its key unless another job holds it now. */
    public static boolean reactivate(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE unique_keys SET counted_until = NULL WHERE job_id = ?")) {
            ps.setString(1, jobId);
            return ps.executeUpdate() > 0;
        }
    }
}
