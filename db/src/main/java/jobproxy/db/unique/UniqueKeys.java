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
 * connection. Expiry is the key's own (counted_until), independent of how long job rows are kept. The primary key is
 * (prefix, hash): the hash is the identity, the readable prefix before it keeps inserts of related keys on neighbouring
 * B-tree pages (migration V5 says why and what it measured).
 */
public final class UniqueKeys {
    private static final int PREFIX = 48;
    private static final String INSERT = "INSERT INTO unique_keys (key_prefix, key_hash, name, unique_key, job_id,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_prefix, key_hash)";
    private static final String INSERT_OR_NOTHING = INSERT + " DO NOTHING";
    private static final String INSERT_OR_TAKE_OVER = INSERT + " DO UPDATE SET name = excluded.name,"
            + " unique_key = excluded.unique_key, job_id = excluded.job_id, created_at = excluded.created_at,"
            + " counted_until = NULL WHERE unique_keys.counted_until IS NOT NULL AND unique_keys.counted_until <= ?";

    private UniqueKeys() {
    }

    /** Claims the key for the new job; returns the id of the job already holding it (a duplicate) if any. */
    public static Optional<String> claim(Connection c, NewJob job, long now, boolean rowLocks) throws SQLException {
        return claim(c, new Key(job.uniqueHash(), job.name(), job.uniqueKey()), job.id(), now, false, rowLocks);
    }

    /** The job finished (COMPLETED or FAILED): its key keeps counting until {@code countedUntil} (now + unique_for). */
    public static void finish(Connection c, String jobId, long countedUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE unique_keys SET counted_until = ? WHERE job_id = ? AND counted_until IS NULL")) {
            ps.setLong(1, countedUntil);
            ps.setString(2, jobId);
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
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM unique_keys WHERE (key_prefix, key_hash) IN (SELECT"
                + " key_prefix, key_hash FROM unique_keys WHERE counted_until IS NOT NULL AND counted_until <= ? LIMIT ?)")) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    /**
     * The finished job counts again (operator retry): it re-takes its key, or answers the id of the job that holds the
     * key now. An expired entry is cleared first, as on enqueue.
     */
    public static Optional<String> retake(Connection c, String jobId, long now, boolean rowLocks) throws SQLException {
        Key key = null;
        try (PreparedStatement q = c.prepareStatement("SELECT unique_hash, name, unique_key FROM jobs WHERE id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    key = new Key(rs.getString(1), rs.getString(2), rs.getString(3));
                }
            }
        }
        return key == null ? Optional.empty() : claim(c, key, jobId, now, true, rowLocks);
    }

    private static void deleteIfExpired(Connection c, String prefix, String hash, long now) throws SQLException {
        try (PreparedStatement expired = c.prepareStatement("DELETE FROM unique_keys WHERE key_prefix = ? AND key_hash = ?"
                + " AND counted_until IS NOT NULL AND counted_until <= ?")) {
            expired.setString(1, prefix);
            expired.setString(2, hash);
            expired.setLong(3, now);
            expired.executeUpdate();
        }
    }

    private record Key(String hash, String name, String uniqueKey) {
        /** The first 48 characters (code points, as SQL's substr counts them) of name:key; V5 computed the same. */
        String prefix() {
            String full = name + ":" + uniqueKey;
            int end = full.codePointCount(0, full.length()) <= PREFIX ? full.length() : full.offsetByCodePoints(0, PREFIX);
            return full.substring(0, end);
        }
    }


    /**
     * Insert-or-lose on the primary key; {@code mayOwn}: the job may still hold its own (finished) entry. On SQLite an
     * entry whose period is over is taken over by the insert itself (its upsert branch): the common case, a key nobody
     * holds, is then one statement on the single writer. With row locks (PostgreSQL) the expired entry is deleted first
     * and the insert does nothing on conflict, because there an upsert locks the holder's row even when it changes
     * nothing (hazard: a duplicate enqueue would then wait on, and could deadlock with, the commit of the holder's
     * outcome by another writer).
     */
    private static Optional<String> claim(Connection c, Key key, String jobId, long now, boolean mayOwn,
                                          boolean rowLocks) throws SQLException {
        String prefix = key.prefix();
        if (rowLocks) {
            deleteIfExpired(c, prefix, key.hash(), now);
        }
        if (mayOwn) { // its own entry, still counting, counts again; an expired one goes as anyone's
            try (PreparedStatement own = c.prepareStatement("UPDATE unique_keys SET counted_until = NULL"
                    + " WHERE key_prefix = ? AND key_hash = ? AND job_id = ? AND (counted_until IS NULL OR counted_until > ?)")) {
                own.setString(1, prefix);
                own.setString(2, key.hash());
                own.setString(3, jobId);
                own.setLong(4, now);
                if (own.executeUpdate() == 1) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement(rowLocks ? INSERT_OR_NOTHING : INSERT_OR_TAKE_OVER)) {
            ins.setString(1, prefix);
            ins.setString(2, key.hash());
            ins.setString(3, key.name());
            ins.setString(4, key.uniqueKey());
            ins.setString(5, jobId);
            ins.setLong(6, now);
            if (!rowLocks) {
                ins.setLong(7, now);
            }
            if (ins.executeUpdate() == 1) { // inserted, or took over an expired entry
                return Optional.empty();
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT job_id FROM unique_keys WHERE key_prefix = ? AND key_hash = ?")) {
            q.setString(1, prefix);
            q.setString(2, key.hash());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("unique key of job " + jobId + " neither inserted nor found");
                }
                return Optional.of(rs.getString(1));
            }
        }
    }
}
