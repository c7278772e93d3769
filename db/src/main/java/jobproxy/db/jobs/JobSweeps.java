package jobproxy.db.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Deleting old finished jobs (retention). Only finished states qualify, so a sweep can never remove work; unique keys
 * are not touched (they expire on their own, DESIGN I4). Runs in bounded batches so one sweep never holds the write
 * lock for long (hazard: one DELETE of a million rows stalls every enqueue for seconds).
 */
public final class JobSweeps {
    private JobSweeps() {
    }

    /** Deletes up to {@code limit} jobs in {@code statuses} that finished before {@code before}; returns how many. */
    public static int deleteFinished(Connection c, Collection<JobStatus> statuses, long before, int limit)
            throws SQLException {
        if (statuses.isEmpty() || !JobStatus.FINISHED.containsAll(statuses)) {
            throw new IllegalArgumentException("only finished jobs (COMPLETED, FAILED, CANCELLED) are swept, not " + statuses);
        }
        String in = "?, ".repeat(statuses.size() - 1) + "?";
        String sql = "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE finished_at < ? AND finished_at IS NOT NULL"
                + " AND status IN (" + in + ") LIMIT ?) AND status IN (" + in + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, before);
            for (JobStatus s : statuses) {
                ps.setString(i++, s.name());
            }
            ps.setInt(i++, limit);
            for (JobStatus s : statuses) {
                ps.setString(i++, s.name());
            }
            return ps.executeUpdate();
        }
    }
}
