package jobproxy.db.locks;

import jobproxy.db.dialect.Dialect;
import jobproxy.db.jobs.Dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exclusion locks (DESIGN I5): a key with limit N has slot rows 0..N-1, and the primary key (key, slot) makes taking a
 * slot race-free across nodes (INSERT ... ON CONFLICT DO NOTHING). Every grant bumps the key's fencing counter. Taking a
 * slot and releasing one both first write the key's row in exclusion_keys, which serialises them per key on databases
 * with row locks (PostgreSQL); on SQLite all writers are serialised anyway. So a release always sees a job blocked
 * before it, and a blocker always sees a slot freed before it: no lost wake-ups.
 */
public final class ExclusionSlots {
    private ExclusionSlots() {
    }

    /** Takes a free slot of {@code key} for the job; the grant's fencing token, or empty when all slots are held. */
    public static OptionalLong grant(Connection c, String key, int limit, String jobId) throws SQLException {
        long fence = bumpFence(c, key);
        int start = ThreadLocalRandom.current().nextInt(limit); // spread racing claimers over the slots
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO exclusion_slots (key, slot, job_id, fence) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < limit; i++) {
                ins.setString(1, key);
                ins.setInt(2, (start + i) % limit);
                ins.setString(3, jobId);
                ins.setLong(4, fence);
                if (ins.executeUpdate() == 1) {
                    return OptionalLong.of(fence);
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Frees the slot the job holds under its {@code key}, if any, and releases the key's next waiter (priority, then
     * enqueue time) from BLOCKED to PENDING; returns that waiter's owed message.
     */
    public static Optional<Dispatch> release(Connection c, Dialect dialect, String key, String jobId, long now)
            throws SQLException {
        // the key's row first, as grant takes it (hazard: deleting the slot first, then locking the key, deadlocks
        // against a grant that holds the key and waits to insert into that very slot); the slot row can only be
        // deleted by its own job's transitions, and the caller holds that job's row
        touch(c, dialect, key);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM exclusion_slots WHERE job_id = ?")) {
            del.setString(1, jobId);
            if (del.executeUpdate() == 0) {
                return Optional.empty(); // it held no slot (it never ran, or a lease reaper freed it first)
            }
        }
        return wakeNext(c, key, now);
    }

    /** When a waiter leaves without running (cancelled, deleted): wake the next one if a slot is free. */
    public static Optional<Dispatch> wakeIfFree(Connection c, Dialect dialect, String key, int limit, long now)
            throws SQLException {
        touch(c, dialect, key);
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM exclusion_slots WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= limit) {
                    return Optional.empty();
                }
            }
        }
        return wakeNext(c, key, now);
    }

    /** The caller has touched the key's row in this transaction. */
    private static Optional<Dispatch> wakeNext(Connection c, String key, long now) throws SQLException {
        String sql = "UPDATE jobs SET status = 'PENDING', dispatch_seq = dispatch_seq + 1, outbox_pending = 1, owed_since = ?"
                + " WHERE id = (SELECT id FROM jobs WHERE exclusion_key = ? AND status = 'BLOCKED'"
                + " ORDER BY priority DESC, created_at, id LIMIT 1) AND status = 'BLOCKED'"
                + " RETURNING id, name, dispatch_seq, run_at";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Dispatch(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    private static long bumpFence(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO exclusion_keys (key, next_fence) VALUES (?, 1)"
                + " ON CONFLICT (key) DO UPDATE SET next_fence = exclusion_keys.next_fence + 1 RETURNING next_fence")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Writes the key's row: takes its row lock where the database has them (see class comment). SQLite has none and
     * needs none (one write transaction at a time, database-wide); there the write would only cost every release of a
     * keyed job one more statement and page on the one writer thread every job waits for.
     */
    private static void touch(Connection c, Dialect dialect, String key) throws SQLException {
        if (!dialect.rowLocks()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE exclusion_keys SET next_fence = next_fence WHERE key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }
}
