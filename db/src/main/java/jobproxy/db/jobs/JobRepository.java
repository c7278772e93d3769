package jobproxy.db.jobs;

import jakarta.inject.Singleton;
import jobproxy.db.dialect.Dialect;
import jobproxy.db.Sql;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of jobs and attempts. Always straight from the database (DESIGN I7): no caching here. Writes live in
 * {@link JobTransitions}.
 */
@Singleton
public class JobRepository {
    private final DataSource dataSource;
    /** The outbox's reads name their index (see {@link Dialect#indexedBy}). */
    private final String outboxIndex;

    public JobRepository(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.outboxIndex = dialect.indexedBy("jobs_outbox");
    }

    public Optional<JobRow> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    public Optional<JobRow> find(Connection c, String id) throws SQLException {
        return JobReads.find(c, id);
    }

    public List<AttemptRow> attempts(String jobId) throws SQLException {
        String sql = "SELECT job_id, number, node, started_at, finished_at, outcome, error_class, error_message, stack_trace"
                + " FROM attempts WHERE job_id = ? ORDER BY number";
        return Sql.list(dataSource, sql, rs -> new AttemptRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                Sql.nullableLong(rs, 5), rs.getString(6) == null ? null : AttemptOutcome.valueOf(rs.getString(6)),
                rs.getString(7), rs.getString(8), rs.getString(9)), jobId);
    }

    /** Statuses of many jobs in one query per 500 ids (the AwaitJob watcher asks for all its waiters at once). */
    public Map<String, JobStatus> statuses(Collection<String> ids) throws SQLException {
        Map<String, JobStatus> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                String sql = "SELECT id, status FROM jobs WHERE id IN (" + "?,".repeat(chunk.size() - 1) + "?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), JobStatus.valueOf(rs.getString(2)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Messages the outbox has owed since before {@code owedBefore} for ready jobs, oldest debt first, leaving out the job
     * names in {@code except} (the outbox holds their messages back on purpose). Reads the partial index jobs_outbox only
     * (no scan of finished jobs, nor of the PENDING ones whose message is on the broker).
     */
    public List<Dispatch> owedDispatches(long owedBefore, int limit, Set<String> except) throws SQLException {
        List<Object> params = new ArrayList<>(except);
        params.add(owedBefore);
        params.add(limit);
        String sql = "SELECT id, name, dispatch_seq, run_at FROM jobs" + outboxIndex + " WHERE outbox_pending = 1"
                + (except.isEmpty() ? "" : " AND name NOT IN (" + "?,".repeat(except.size() - 1) + "?)")
                + " AND status IN ('PENDING', 'RETRY_PENDING') AND owed_since < ? ORDER BY owed_since LIMIT ?";
        return Sql.list(dataSource, sql, JobRepository::dispatch, params.toArray());
    }

    /** Messages owed for one job name's ready jobs, oldest debt first (the outbox refills a drained queue from these). */
    public List<Dispatch> owedDispatchesOf(String name, int limit) throws SQLException {
        String sql = "SELECT id, name, dispatch_seq, run_at FROM jobs" + outboxIndex + " WHERE outbox_pending = 1 AND name = ?"
                + " AND status IN ('PENDING', 'RETRY_PENDING') ORDER BY owed_since LIMIT ?";
        return Sql.list(dataSource, sql, JobRepository::dispatch, name, limit);
    }

    private static Dispatch dispatch(ResultSet rs) throws SQLException {
        return new Dispatch(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4));
    }

    /** PROCESSING jobs whose lease ran out before {@code now}: (id, attempt) pairs, oldest first. */
    public List<Map.Entry<String, Integer>> expiredLeases(long now, int limit) throws SQLException {
        String sql = "SELECT id, attempts FROM jobs WHERE status = 'PROCESSING' AND lease_until < ? ORDER BY lease_until LIMIT ?";
        return Sql.list(dataSource, sql, rs -> Map.entry(rs.getString(1), rs.getInt(2)), now, limit);
    }

    /** Job names that have ready jobs due before {@code dueBefore} whose message was sent (candidates for loss). */
    public List<String> namesWithOverdueJobs(long dueBefore) throws SQLException {
        return Sql.list(dataSource, "SELECT DISTINCT name FROM jobs WHERE status IN ('PENDING', 'RETRY_PENDING')"
                + " AND run_at < ? AND outbox_pending = 0", rs -> rs.getString(1), dueBefore);
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobs");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Map<JobStatus, Long> countByStatus() throws SQLException {
        Map<JobStatus, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return out;
    }
}
