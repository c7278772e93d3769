package jobproxy.db.jobs;

import jakarta.inject.Singleton;
import jobproxy.db.dialect.Dialect;
import jobproxy.db.locks.ExclusionSlots;
import jobproxy.db.unique.UniqueKeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The job state machine of DESIGN §5, and the only code that writes jobs.status. Each transition is one guarded UPDATE
 * named for its event; the number of rows it touched is the verdict: 0 = the job was not in a state the event applies to
 * (a lost race, normal), 1 = done, more = a bug (throws). Every method runs on the caller's connection so that the
 * group committer can put many of them in one transaction; a transition's side tables (attempts, unique keys,
 * exclusion slots) change in that same transaction.
 */
@Singleton
public class JobTransitions {
    private static final String HOLDER_GUARD = " WHERE id = ? AND status = 'PROCESSING' AND attempts = ?";

    private final Dialect dialect;

    public JobTransitions(Dialect dialect) {
        this.dialect = dialect;
    }

    /** enqueue: new PENDING jobs; one whose unique key is taken is not stored and answers with the holder's id. */
    public List<Enqueued> enqueue(Connection c, List<NewJob> jobs, long now) throws SQLException {
        List<Enqueued> out = new ArrayList<>(jobs.size());
        List<NewJob> fresh = new ArrayList<>(jobs.size());
        for (NewJob j : jobs) {
            Optional<String> holder = j.uniqueHash() == null ? Optional.empty() : UniqueKeys.claim(c, j, now, dialect.rowLocks());
            out.add(new Enqueued(holder.orElse(j.id()), holder.isPresent()));
            if (holder.isEmpty()) {
                fresh.add(j);
            }
        }
        JobInserts.insert(c, fresh);
        return out;
    }

    /**
     * claim: a due PENDING | RETRY_PENDING job → PROCESSING, attempts + 1, held by {@code node} until {@code leaseUntil},
     * attempt recorded as started. A job with an exclusion key first needs a free slot, else it becomes BLOCKED.
     * A keyed job's start time is read from {@code clock} only once the job row and the key's slot are held (hazard: a
     * time read before waiting on those locks can predate the release of the slot by the previous holder, and the
     * attempt history would then show two holders of a limit-1 key overlapping although they ran one after the other).
     * A job without a key has no such order to keep and is claimed by the guarded UPDATE alone.
     */
    public Claim claim(Connection c, String id, String node, LongSupplier clock, long leaseMs) throws SQLException {
        // a job without an exclusion key needs nothing but the guarded UPDATE: no row read first (the claim is the
        // writer's most frequent statement); anything else (a key, not due, already taken, gone) takes the long way
        long start = clock.getAsLong();
        List<JobRow> plain = markProcessing(c, id, node, start, leaseMs, null, " AND exclusion_key IS NULL");
        if (verdict(plain.size(), "claim", id)) {
            return started(c, plain.get(0), node, start);
        }
        Optional<JobRow> seen = JobReads.lock(c, id, dialect);
        long now = clock.getAsLong();
        if (seen.isEmpty() || !(seen.get().status() == JobStatus.PENDING || seen.get().status() == JobStatus.RETRY_PENDING)) {
            return new Claim.Refused(0);
        }
        if (seen.get().runAt() > now) {
            return new Claim.Refused(seen.get().runAt());
        }
        String key = seen.get().exclusionKey();
        Long fence = null;
        if (key != null) {
            OptionalLong grant = ExclusionSlots.grant(c, key, seen.get().exclusionLimit(), id);
            if (grant.isEmpty()) {
                return block(c, id, now) ? new Claim.Blocked() : new Claim.Refused(0);
            }
            fence = grant.getAsLong();
            now = Math.max(now, clock.getAsLong());
        }
        List<JobRow> rows = markProcessing(c, id, node, now, leaseMs, fence, "");
        if (!verdict(rows.size(), "claim", id)) {
            if (key != null) { // held only inside this transaction; the key row lock kept every other claimer waiting
                ExclusionSlots.release(c, dialect, key, id, now);
            }
            return new Claim.Refused(0);
        }
        return started(c, rows.get(0), node, now);
    }

    /** The claim's guarded UPDATE: a due ready job becomes PROCESSING under {@code node}'s lease; returns the row. */
    private static List<JobRow> markProcessing(Connection c, String id, String node, long now, long leaseMs, Long fence,
                                               String guard) throws SQLException {
        String sql = "UPDATE jobs SET status = 'PROCESSING', attempts = attempts + 1, started_at = ?, node = ?,"
                + " lease_until = ?, outbox_pending = 0, fence = COALESCE(?, attempts + 1)"
                + " WHERE id = ? AND status IN ('PENDING', 'RETRY_PENDING') AND run_at <= ?" + guard
                + " RETURNING " + JobRows.COLUMNS;
        List<JobRow> rows = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, node);
            ps.setLong(3, now + leaseMs);
            if (fence == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, fence);
            }
            ps.setString(5, id);
            ps.setLong(6, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(JobRows.map(rs));
                }
            }
        }
        return rows;
    }

    private static Claim started(Connection c, JobRow job, String node, long now) throws SQLException {
        AttemptRows.start(c, job.id(), job.attempts(), node, now);
        return new Claim.Granted(job);
    }

    /** block: a due ready job whose exclusion key is full → BLOCKED; it owes no message until released. */
    private boolean block(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'BLOCKED', outbox_pending = 0"
                + " WHERE id = ? AND status IN ('PENDING', 'RETRY_PENDING') AND run_at <= ?")) {
            ps.setString(1, id);
            ps.setLong(2, now);
            return verdict(ps.executeUpdate(), "block", id);
        }
    }

    /** complete: PROCESSING (this attempt) → COMPLETED with its result; frees its slot and unique key's activity. */
    public Transition complete(Connection c, String id, int attempt, String resultJson, long now) throws SQLException {
        Keys keys;
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'COMPLETED', result = ?, finished_at = ?,"
                + " node = NULL, lease_until = NULL, last_error = NULL" + HOLDER_GUARD + Keys.RETURNING)) {
            ps.setString(1, resultJson);
            ps.setLong(2, now);
            ps.setString(3, id);
            ps.setInt(4, attempt);
            keys = Keys.read(ps, "complete", id);
        }
        if (keys == null) {
            return Transition.NOT_APPLIED;
        }
        AttemptRows.finish(c, id, attempt, now, AttemptOutcome.SUCCEEDED, null);
        return left(c, id, keys, JobStatus.COMPLETED, now, null);
    }

    /** retry: PROCESSING (this attempt) → RETRY_PENDING, not before {@code runAt}, owing a new broker message. */
    public Transition retry(Connection c, String id, int attempt, AttemptError error, long now, long runAt)
            throws SQLException {
        String sql = "UPDATE jobs SET status = 'RETRY_PENDING', run_at = ?, last_error = ?, node = NULL, lease_until = NULL,"
                + " dispatch_seq = dispatch_seq + 1, outbox_pending = 1, owed_since = ?" + HOLDER_GUARD
                + " RETURNING name, dispatch_seq, exclusion_key";
        Dispatch own = null;
        String exclusionKey = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runAt);
            ps.setString(2, error.summary());
            ps.setLong(3, now);
            ps.setString(4, id);
            ps.setInt(5, attempt);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    own = new Dispatch(id, rs.getString(1), rs.getInt(2), runAt);
                    exclusionKey = rs.getString(3);
                    n++;
                }
                if (!verdict(n, "retry", id)) {
                    return Transition.NOT_APPLIED;
                }
            }
        }
        AttemptRows.finish(c, id, attempt, now, error.outcome(), error);
        return left(c, id, new Keys(false, 0, exclusionKey), JobStatus.RETRY_PENDING, now, own);
    }

    /**
     * unclaim: PROCESSING (this attempt, which no performer started) → ready again as if the claim had not happened:
     * attempts - 1, the open attempt row removed, owing a new broker message; its exclusion slot frees. A lane that
     * claimed ahead of its workers gives back a job that waited too long for one, or that it holds when it stops.
     */
    public Transition unclaim(Connection c, String id, int attempt, long now) throws SQLException {
        // the previous attempt's start (none for a first attempt) is the job's start again; SET reads the old row
        String sql = "UPDATE jobs SET status = CASE WHEN attempts = 1 THEN 'PENDING' ELSE 'RETRY_PENDING' END,"
                + " attempts = attempts - 1, node = NULL, lease_until = NULL,"
                + " started_at = (SELECT a.started_at FROM attempts a WHERE a.job_id = jobs.id AND a.number = jobs.attempts - 1),"
                + " dispatch_seq = dispatch_seq + 1, outbox_pending = 1, owed_since = ?" + HOLDER_GUARD + Returned.RETURNING;
        Returned back;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, id);
            ps.setInt(3, attempt);
            back = Returned.read(ps, "unclaim", id, now);
        }
        if (back == null) {
            return Transition.NOT_APPLIED;
        }
        AttemptRows.discard(c, id, attempt);
        return left(c, id, back.keys(), back.status(), now, back.own());
    }

    /** fail: PROCESSING (this attempt) → FAILED for good. */
    public Transition fail(Connection c, String id, int attempt, AttemptError error, long now) throws SQLException {
        Keys keys;
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'FAILED', finished_at = ?, last_error = ?,"
                + " node = NULL, lease_until = NULL" + HOLDER_GUARD + Keys.RETURNING)) {
            ps.setLong(1, now);
            ps.setString(2, error.summary());
            ps.setString(3, id);
            ps.setInt(4, attempt);
            keys = Keys.read(ps, "fail", id);
        }
        if (keys == null) {
            return Transition.NOT_APPLIED;
        }
        AttemptRows.finish(c, id, attempt, now, error.outcome(), error);
        return left(c, id, keys, JobStatus.FAILED, now, null);
    }

    /**
     * expire: a PROCESSING job whose lease ran out (its node died or stalled) → RETRY_PENDING at once, or FAILED when it
     * has no attempts left; the attempt is recorded as failed with {@code error} and its slot frees. The guard on
     * lease_until leaves a holder that renewed meanwhile alone.
     */
    public Transition expireLease(Connection c, String id, int attempt, AttemptError error, long now) throws SQLException {
        String sql = "UPDATE jobs SET status = CASE WHEN attempts < max_attempts THEN 'RETRY_PENDING' ELSE 'FAILED' END,"
                + " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ? END,"
                + " run_at = CASE WHEN attempts < max_attempts THEN ? ELSE run_at END,"
                + " dispatch_seq = dispatch_seq + 1, outbox_pending = CASE WHEN attempts < max_attempts THEN 1 ELSE 0 END,"
                + " owed_since = ?, last_error = ?, node = NULL, lease_until = NULL"
                + HOLDER_GUARD + " AND lease_until < ?" + Returned.RETURNING;
        Returned back;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, error.summary());
            ps.setString(5, id);
            ps.setInt(6, attempt);
            ps.setLong(7, now);
            back = Returned.read(ps, "expire lease", id, now);
        }
        if (back == null) {
            return Transition.NOT_APPLIED;
        }
        AttemptRows.finish(c, id, attempt, now, error.outcome(), error);
        return left(c, id, back.keys(), back.status(), now, back.own());
    }

    /** cancel: PENDING | BLOCKED | RETRY_PENDING → CANCELLED; its unique key stops counting at once. */
    public Transition cancel(Connection c, String id, long now) throws SQLException {
        String key = null;
        int limit = 1;
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = 'CANCELLED', finished_at = ?,"
                + " outbox_pending = 0 WHERE id = ? AND status IN ('PENDING', 'BLOCKED', 'RETRY_PENDING')"
                + " RETURNING exclusion_key, exclusion_limit")) {
            ps.setLong(1, now);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key = rs.getString(1);
                    limit = rs.getInt(2);
                    n++;
                }
            }
        }
        if (!verdict(n, "cancel", id)) {
            return Transition.NOT_APPLIED;
        }
        UniqueKeys.drop(c, id);
        // a waiter that was released to PENDING and is cancelled before it ran must pass its wake-up on
        List<Dispatch> woken = new ArrayList<>(1);
        if (key != null) {
            ExclusionSlots.wakeIfFree(c, dialect, key, limit, now).ifPresent(woken::add);
        }
        return Transition.applied(JobStatus.CANCELLED, woken);
    }

    /**
     * retry now (an operator's action): FAILED | CANCELLED | PENDING | RETRY_PENDING → PENDING, due now, owing a new
     * message. A job that used all its attempts gets one more (Oban's retry_job does the same). Its unique key counts
     * again; when another job took the key meanwhile the retry is refused with that job's id (DESIGN I4 holds for
     * operators too). BLOCKED waits for its lock, PROCESSING runs, COMPLETED is copied, not retried.
     */
    public Retry retryNow(Connection c, String id, long now) throws SQLException {
        Optional<JobRow> seen = JobReads.find(c, id);
        if (seen.isEmpty() || !JobStatus.RETRYABLE.contains(seen.get().status())) {
            return Retry.NOT_APPLIED;
        }
        if (seen.get().status().isFinished() && seen.get().uniqueKey() != null) {
            Optional<String> holder = UniqueKeys.retake(c, id, now, dialect.rowLocks());
            if (holder.isPresent()) {
                return new Retry(Transition.NOT_APPLIED, holder);
            }
        }
        String sql = "UPDATE jobs SET status = 'PENDING', run_at = ?, finished_at = NULL, result = NULL,"
                + " max_attempts = CASE WHEN attempts >= max_attempts THEN attempts + 1 ELSE max_attempts END,"
                + " dispatch_seq = dispatch_seq + 1, outbox_pending = 1, owed_since = ?"
                + " WHERE id = ? AND status IN ('FAILED', 'CANCELLED', 'PENDING', 'RETRY_PENDING') RETURNING name, dispatch_seq";
        List<Dispatch> own = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    own.add(new Dispatch(id, rs.getString(1), rs.getInt(2), now));
                }
            }
        }
        if (!verdict(own.size(), "retry now", id)) {
            return Retry.NOT_APPLIED;
        }
        return new Retry(Transition.applied(JobStatus.PENDING, own), Optional.empty());
    }

    /** The verdict of {@link #retryNow}: the transition, or the job that holds the unique key it needs. */
    public record Retry(Transition transition, Optional<String> uniqueKeyHolder) {
        static final Retry NOT_APPLIED = new Retry(Transition.NOT_APPLIED, Optional.empty());
    }

    /**
     * delete (an operator's action): removes a job that is not running, with its attempts. A waiting job is cancelled
     * first in the same transaction (its key stops counting, a waiter behind it is woken); a finished job's unique key is
     * left alone: deleting history never changes what counts as a duplicate (DESIGN I4).
     */
    public Transition delete(Connection c, String id, long now) throws SQLException {
        Optional<JobRow> seen = JobReads.find(c, id);
        if (seen.isEmpty() || seen.get().status() == JobStatus.PROCESSING) {
            return Transition.NOT_APPLIED;
        }
        List<Dispatch> woken = List.of();
        if (JobStatus.CANCELLABLE.contains(seen.get().status())) {
            Transition cancelled = cancel(c, id, now);
            if (!cancelled.applied()) {
                return Transition.NOT_APPLIED;
            }
            woken = cancelled.toSend();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM jobs WHERE id = ? AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')")) {
            ps.setString(1, id);
            if (!verdict(ps.executeUpdate(), "delete", id)) {
                return Transition.NOT_APPLIED;
            }
        }
        return Transition.applied(seen.get().status(), woken);
    }

    /**
     * The job left PROCESSING: a finished job's unique key starts its "counted for" period, and its exclusion slot frees
     * and passes to the next waiter. Only a job with those keys has rows to touch ({@link Keys}).
     */
    private Transition left(Connection c, String id, Keys keys, JobStatus status, long now, Dispatch own)
            throws SQLException {
        if (status.isFinished() && keys.unique()) {
            UniqueKeys.finish(c, id, now + keys.uniqueForMs());
        }
        List<Dispatch> toSend = new ArrayList<>(2);
        if (own != null) {
            toSend.add(own);
        }
        if (keys.exclusionKey() != null) {
            ExclusionSlots.release(c, dialect, keys.exclusionKey(), id, now).ifPresent(toSend::add);
        }
        return Transition.applied(status, toSend);
    }

    /**
     * resend: a due ready job whose message was lost (the broker holds none for its queue) owes a new one, under a new
     * dispatch_seq so the broker's duplicate detection does not drop it. Returns the messages to send.
     */
    public List<Dispatch> resend(Connection c, String name, long dueBefore, int limit, long now) throws SQLException {
        String sql = "UPDATE jobs SET dispatch_seq = dispatch_seq + 1, outbox_pending = 1, owed_since = ?"
                + " WHERE id IN (SELECT id FROM jobs WHERE name = ? AND status IN ('PENDING', 'RETRY_PENDING')"
                + " AND run_at < ? AND outbox_pending = 0 ORDER BY run_at LIMIT ?)"
                + " AND status IN ('PENDING', 'RETRY_PENDING') AND outbox_pending = 0 RETURNING id, name, dispatch_seq, run_at";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, name);
            ps.setLong(3, dueBefore);
            ps.setInt(4, limit);
            List<Dispatch> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Dispatch(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
                }
            }
            return out;
        }
    }

    /** The outbox relay confirmed the broker holds the message for (id, seq). A stale seq changes nothing. */
    public void markSent(Connection c, List<Dispatch> sent) throws SQLException {
        // PostgreSQL: skip rows another transaction holds (a claim, an outcome). Those batches lock many job rows in
        // arrival order, and waiting for them here deadlocked (measured: most deadlocks of a three-node run). A skipped
        // row stays owed; the claim clears the flag itself, else the sweep re-sends and the broker drops the duplicate.
        String sql = dialect.rowLocks()
                ? "UPDATE jobs SET outbox_pending = 0 WHERE id = (SELECT id FROM jobs WHERE id = ? AND dispatch_seq = ?"
                + " AND outbox_pending = 1 FOR UPDATE SKIP LOCKED)"
                : "UPDATE jobs SET outbox_pending = 0 WHERE id = ? AND dispatch_seq = ? AND outbox_pending = 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Dispatch d : sent) {
                ps.setString(1, d.jobId());
                ps.setInt(2, d.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Heartbeat of a running dispatcher: extends the lease of every job it still holds and returns their ids. A job it
     * runs that is missing from the answer lost its lease (rescued meanwhile): the dispatcher must stop that attempt.
     */
    public List<String> renewLeases(Connection c, String node, long leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET lease_until = ? WHERE node = ? AND status = 'PROCESSING' RETURNING id")) {
            ps.setLong(1, leaseUntil);
            ps.setString(2, node);
            List<String> held = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getString(1));
                }
            }
            return held;
        }
    }

    /** Row count as verdict: 0 = lost the race (normal), 1 = done, more = the guard is broken (a bug). */
    static boolean verdict(int rows, String event, String jobId) {
        if (rows > 1) {
            throw new IllegalStateException(event + " touched " + rows + " rows for job " + jobId + "; the guard is broken");
        }
        return rows == 1;
    }
}
