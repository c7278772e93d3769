package jobproxy.db.jobs;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The job state machine of DESIGN §5, and the only code that writes jobs.status. Each transition is one guarded UPDATE
 * named for its event; the number of rows it touched is the verdict: 0 = the job was not in a state the event applies to
 * (a lost race, normal), 1 = done, more = a bug (throws). Every method runs on the caller's connection so that the
 * group committer can put many of them in one transaction.
 */
@Singleton
public class JobTransitions {

    /** Enqueue: a new PENDING job that owes a broker message (outbox_pending = 1, dispatch_seq = 1). */
    public void insert(Connection c, List<NewJob> jobs) throws SQLException {
        String sql = "INSERT INTO jobs (id, name, status, payload, max_attempts, priority, created_at, run_at, timeout_ms,"
                + " backoff_kind, backoff_initial_ms, backoff_multiplier, backoff_max_ms, backoff_jitter, unique_key,"
                + " unique_for_ms, exclusion_key, exclusion_limit, tags, owed_since) VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (NewJob j : jobs) {
                int i = 1;
                ps.setString(i++, j.id());
                ps.setString(i++, j.name());
                ps.setString(i++, j.payload());
                ps.setInt(i++, j.maxAttempts());
                ps.setInt(i++, j.priority());
                ps.setLong(i++, j.createdAt());
                ps.setLong(i++, j.runAt());
                setNullableLong(ps, i++, j.timeoutMs());
                ps.setString(i++, j.backoff().kind().name());
                ps.setLong(i++, j.backoff().initialMs());
                ps.setDouble(i++, j.backoff().multiplier());
                ps.setLong(i++, j.backoff().maxMs());
                ps.setDouble(i++, j.backoff().jitter());
                ps.setString(i++, j.uniqueKey());
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

    /**
     * claim: PENDING | RETRY_PENDING (and due) → PROCESSING, attempts + 1, held by {@code node} until {@code leaseUntil};
     * records the attempt as started. Empty when the job is not claimable (already claimed, finished, cancelled, not
     * due): the caller drops the message (DESIGN I3).
     */
    public Optional<JobRow> claim(Connection c, String id, String node, long now, long leaseUntil) throws SQLException {
        String sql = "UPDATE jobs SET status = 'PROCESSING', attempts = attempts + 1, started_at = ?, node = ?,"
                + " lease_until = ?, outbox_pending = 0"
                + " WHERE id = ? AND status IN ('PENDING', 'RETRY_PENDING') AND run_at <= ? RETURNING " + JobRows.COLUMNS;
        List<JobRow> rows = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, node);
            ps.setLong(3, leaseUntil);
            ps.setString(4, id);
            ps.setLong(5, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(JobRows.map(rs));
                }
            }
        }
        if (!verdict(rows.size(), "claim", id)) {
            return Optional.empty();
        }
        JobRow job = rows.get(0);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO attempts (job_id, number, node, started_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, job.attempts());
            ps.setString(3, node);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
        return Optional.of(job);
    }

    /** complete: PROCESSING (this attempt) → COMPLETED with its result. False when the attempt no longer holds the job. */
    public boolean complete(Connection c, String id, int attempt, String resultJson, long now) throws SQLException {
        String sql = "UPDATE jobs SET status = 'COMPLETED', result = ?, finished_at = ?, node = NULL, lease_until = NULL,"
                + " last_error = NULL WHERE id = ? AND status = 'PROCESSING' AND attempts = ?";
        int rows;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, resultJson);
            ps.setLong(2, now);
            ps.setString(3, id);
            ps.setInt(4, attempt);
            rows = ps.executeUpdate();
        }
        if (!verdict(rows, "complete", id)) {
            return false;
        }
        finishAttempt(c, id, attempt, now, AttemptOutcome.SUCCEEDED, null);
        return true;
    }

    /**
     * retry: PROCESSING (this attempt) → RETRY_PENDING, not before {@code runAt}, owing a new broker message. Returns the
     * message to send, or empty when the attempt no longer holds the job.
     */
    public Optional<Dispatch> retry(Connection c, String id, int attempt, AttemptError error, long now, long runAt)
            throws SQLException {
        String sql = "UPDATE jobs SET status = 'RETRY_PENDING', run_at = ?, last_error = ?, node = NULL, lease_until = NULL,"
                + " dispatch_seq = dispatch_seq + 1, outbox_pending = 1, owed_since = ?"
                + " WHERE id = ? AND status = 'PROCESSING' AND attempts = ? RETURNING name, dispatch_seq";
        List<Dispatch> rows = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runAt);
            ps.setString(2, error.summary());
            ps.setLong(3, now);
            ps.setString(4, id);
            ps.setInt(5, attempt);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Dispatch(id, rs.getString(1), rs.getInt(2), runAt));
                }
            }
        }
        if (!verdict(rows.size(), "retry", id)) {
            return Optional.empty();
        }
        finishAttempt(c, id, attempt, now, error.outcome(), error);
        return Optional.of(rows.get(0));
    }

    /** fail: PROCESSING (this attempt) → FAILED for good. False when the attempt no longer holds the job. */
    public boolean fail(Connection c, String id, int attempt, AttemptError error, long now) throws SQLException {
        String sql = "UPDATE jobs SET status = 'FAILED', finished_at = ?, last_error = ?, node = NULL, lease_until = NULL"
                + " WHERE id = ? AND status = 'PROCESSING' AND attempts = ?";
        int rows;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, error.summary());
            ps.setString(3, id);
            ps.setInt(4, attempt);
            rows = ps.executeUpdate();
        }
        if (!verdict(rows, "fail", id)) {
            return false;
        }
        finishAttempt(c, id, attempt, now, error.outcome(), error);
        return true;
    }

    /**
     * expire: a PROCESSING job whose lease ran out (its node died or stalled) goes back to RETRY_PENDING at once, or
     * to FAILED when it has no attempts left; the attempt is recorded as failed with {@code error}. The guard on
     * lease_until keeps a holder that renewed meanwhile safe. Returns the new job status, or empty on a lost race.
     */
    public Optional<JobStatus> expireLease(Connection c, String id, int attempt, AttemptError error, long now)
            throws SQLException {
        String sql = "UPDATE jobs SET status = CASE WHEN attempts < max_attempts THEN 'RETRY_PENDING' ELSE 'FAILED' END,"
                + " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ? END,"
                + " run_at = CASE WHEN attempts < max_attempts THEN ? ELSE run_at END,"
                + " dispatch_seq = dispatch_seq + 1, outbox_pending = CASE WHEN attempts < max_attempts THEN 1 ELSE 0 END,"
                + " owed_since = ?, last_error = ?, node = NULL, lease_until = NULL"
                + " WHERE id = ? AND status = 'PROCESSING' AND attempts = ? AND lease_until < ? RETURNING status";
        List<JobStatus> rows = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, error.summary());
            ps.setString(5, id);
            ps.setInt(6, attempt);
            ps.setLong(7, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(JobStatus.valueOf(rs.getString(1)));
                }
            }
        }
        if (!verdict(rows.size(), "expire lease", id)) {
            return Optional.empty();
        }
        finishAttempt(c, id, attempt, now, error.outcome(), error);
        return Optional.of(rows.get(0));
    }

    /** cancel: PENDING | BLOCKED | RETRY_PENDING → CANCELLED. False when the job is in any other state (or absent). */
    public boolean cancel(Connection c, String id, long now) throws SQLException {
        String sql = "UPDATE jobs SET status = 'CANCELLED', finished_at = ?, outbox_pending = 0"
                + " WHERE id = ? AND status IN ('PENDING', 'BLOCKED', 'RETRY_PENDING')";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, id);
            return verdict(ps.executeUpdate(), "cancel", id);
        }
    }

    /** The outbox relay confirmed the broker holds the message for (id, seq). A stale seq changes nothing. */
    public void markSent(Connection c, List<Dispatch> sent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET outbox_pending = 0 WHERE id = ? AND dispatch_seq = ? AND outbox_pending = 1")) {
            for (Dispatch d : sent) {
                ps.setString(1, d.jobId());
                ps.setInt(2, d.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Heartbeat of a running dispatcher: extends the lease of every job it holds. Returns how many. */
    public int renewLeases(Connection c, String node, long leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET lease_until = ? WHERE node = ? AND status = 'PROCESSING'")) {
            ps.setLong(1, leaseUntil);
            ps.setString(2, node);
            return ps.executeUpdate();
        }
    }

    private void finishAttempt(Connection c, String id, int attempt, long now, AttemptOutcome outcome, AttemptError error)
            throws SQLException {
        String sql = "UPDATE attempts SET finished_at = ?, outcome = ?, error_class = ?, error_message = ?, stack_trace = ?"
                + " WHERE job_id = ? AND number = ? AND outcome IS NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, outcome.name());
            ps.setString(3, error == null ? null : error.errorClass());
            ps.setString(4, error == null ? null : error.message());
            ps.setString(5, error == null ? null : error.stackTrace());
            ps.setString(6, id);
            ps.setInt(7, attempt);
            verdict(ps.executeUpdate(), "finish attempt " + attempt, id);
        }
    }

    /** Row count as verdict: 0 = lost the race (normal), 1 = done, more = the guard is broken (a bug). */
    static boolean verdict(int rows, String event, String jobId) {
        if (rows > 1) {
            throw new IllegalStateException(event + " touched " + rows + " rows for job " + jobId + "; the guard is broken");
        }
        return rows == 1;
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
