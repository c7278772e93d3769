package jobproxy.db.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** The INSERT of new PENDING jobs, batched; every new job owes its first broker message (outbox_pending = 1). */
final class JobInserts {
    private static final String SQL = "INSERT INTO jobs (id, name, status, payload, max_attempts, priority, created_at,"
            + " run_at, timeout_ms, backoff_kind, backoff_initial_ms, backoff_multiplier, backoff_max_ms, backoff_jitter,"
            + " unique_key, unique_hash, unique_for_ms, exclusion_key, exclusion_limit, tags, owed_since)"
            + " VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private JobInserts() {
    }

    static void insert(Connection c, List<NewJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            for (NewJob j : jobs) {
                int i = 1;
                ps.setString(i++, j.id());
                ps.setString(i++, j.name());
                ps.setString(i++, j.payload());
                ps.setInt(i++, j.maxAttempts());
                ps.setInt(i++, j.priority());
                ps.setLong(i++, j.createdAt());
                ps.setLong(i++, j.runAt());
                if (j.timeoutMs() == null) {
                    ps.setNull(i++, Types.BIGINT);
                } else {
                    ps.setLong(i++, j.timeoutMs());
                }
                ps.setString(i++, j.backoff().kind().name());
                ps.setLong(i++, j.backoff().initialMs());
                ps.setDouble(i++, j.backoff().multiplier());
                ps.setLong(i++, j.backoff().maxMs());
                ps.setDouble(i++, j.backoff().jitter());
                ps.setString(i++, j.uniqueKey());
                ps.setString(i++, j.uniqueHash());
                ps.setLong(i++, j.uniqueForMs());
                ps.setString(i++, j.exclusionKey());
                ps.setInt(i++, j.exclusionLimit());
                ps.setString(i++, JobRows.writeTags(j.tags()));
                ps.setLong(i, j.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
