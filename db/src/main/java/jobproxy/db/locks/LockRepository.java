package jobproxy.db.locks;

import jakarta.inject.Singleton;
import jobproxy.db.Sql;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/** Read side of exclusion locks and unique keys, for operators (the admin's locks view). Straight from the database. */
@Singleton
public class LockRepository {
    private final DataSource dataSource;

    public LockRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Current holders; of one key, or of every key when {@code key} is null. */
    public List<Holder> holders(String key) throws SQLException {
        String sql = "SELECT s.key, s.slot, s.job_id, j.name, j.node, j.lease_until, s.fence FROM exclusion_slots s"
                + " JOIN jobs j ON j.id = s.job_id" + (key == null ? "" : " WHERE s.key = ?") + " ORDER BY s.key, s.slot";
        Object[] params = key == null ? new Object[0] : new Object[]{key};
        return Sql.list(dataSource, sql, rs -> new Holder(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Sql.nullableLong(rs, 6), rs.getLong(7)), params);
    }

    /** Ids of the BLOCKED jobs of a key, in the order they will be released (priority, then enqueue time). */
    public List<String> waiters(String key, int limit) throws SQLException {
        return Sql.list(dataSource, "SELECT id FROM jobs WHERE exclusion_key = ? AND status = 'BLOCKED'"
                + " ORDER BY priority DESC, created_at, id LIMIT ?", rs -> rs.getString(1), key, limit);
    }

    /** Keys that have holders or waiters now. */
    public List<String> busyKeys(int limit) throws SQLException {
        return Sql.list(dataSource, "SELECT key FROM exclusion_slots UNION SELECT exclusion_key FROM jobs"
                + " WHERE status = 'BLOCKED' ORDER BY 1 LIMIT ?", rs -> rs.getString(1), limit);
    }

    /** A unique key in use: which job holds it and until when it counts (null = while the job is active). */
    public record UniqueKeyUse(String name, String uniqueKey, String jobId, Long countedUntil) {
    }

    /** Unique keys that count now (active jobs, or finished within their period). */
    public List<UniqueKeyUse> uniqueKeysInUse(long now, int limit) throws SQLException {
        return Sql.list(dataSource, "SELECT name, unique_key, job_id, counted_until FROM unique_keys"
                        + " WHERE counted_until IS NULL OR counted_until > ? ORDER BY created_at DESC LIMIT ?",
                rs -> new UniqueKeyUse(rs.getString(1), rs.getString(2), rs.getString(3), Sql.nullableLong(rs, 4)), now, limit);
    }

    /** Ids of every job (any state, newest first) that carried this unique key. */
    public List<String> jobsWithUniqueKey(String uniqueKey, int limit) throws SQLException {
        return Sql.list(dataSource, "SELECT id FROM jobs WHERE unique_key = ? ORDER BY created_at DESC LIMIT ?",
                rs -> rs.getString(1), uniqueKey, limit);
    }
}
