package jobproxy.db.locks;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (key != null) {
                ps.setString(1, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Holder> out = new ArrayList<>();
                while (rs.next()) {
                    long lease = rs.getLong(6);
                    out.add(new Holder(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.wasNull() ? null : lease, rs.getLong(7)));
                }
                return out;
            }
        }
    }

    /** Ids of the BLOCKED jobs of a key, in the order they will be released (priority, then enqueue time). */
    public List<String> waiters(String key, int limit) throws SQLException {
        String sql = "SELECT id FROM jobs WHERE exclusion_key = ? AND status = 'BLOCKED'"
                + " ORDER BY priority DESC, created_at, id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    /** Keys that have holders or waiters now. */
    public List<String> busyKeys(int limit) throws SQLException {
        String sql = "SELECT key FROM exclusion_slots UNION SELECT exclusion_key FROM jobs WHERE status = 'BLOCKED'"
                + " ORDER BY 1 LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    /** A unique key in use: which job holds it and until when it counts (null = while the job is active). */
    public record UniqueKeyUse(String name, String uniqueKey, String jobId, Long countedUntil) {
    }

    /** Unique keys that count now (active jobs, or finished within their period). */
    public List<UniqueKeyUse> uniqueKeysInUse(long now, int limit) throws SQLException {
        String sql = "SELECT name, unique_key, job_id, counted_until FROM unique_keys"
                + " WHERE counted_until IS NULL OR counted_until > ? ORDER BY created_at DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<UniqueKeyUse> out = new ArrayList<>();
                while (rs.next()) {
                    long until = rs.getLong(4);
                    out.add(new UniqueKeyUse(rs.getString(1), rs.getString(2), rs.getString(3), rs.wasNull() ? null : until));
                }
                return out;
            }
        }
    }

    /** Ids of every job (any state, newest first) that carried this unique key. */
    public List<String> jobsWithUniqueKey(String uniqueKey, int limit) throws SQLException {
        String sql = "SELECT id FROM jobs WHERE unique_key = ? ORDER BY created_at DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, uniqueKey);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
