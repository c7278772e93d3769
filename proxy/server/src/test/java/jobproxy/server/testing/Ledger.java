package jobproxy.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the database of server processes from the test (SQLite file or PostgreSQL): statuses and attempt intervals. */
public final class Ledger implements AutoCloseable {
    private final Connection c;

    /** The suite's database of {@code dataDir} (see {@link TestDatabase}). */
    public Ledger(Path dataDir) throws Exception {
        this(dataDir, TestDatabase.postgres());
    }

    public Ledger(Path dataDir, boolean onPostgres) throws Exception {
        this.c = TestDatabase.connect(dataDir, onPostgres);
    }

    public Map<String, String> statuses() throws Exception {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM jobs"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    public long count(String status) throws Exception {
        return number("SELECT COUNT(*) FROM jobs WHERE status = ?", status);
    }

    /** Jobs with two attempts whose recorded intervals overlap (must be none: DESIGN I3). */
    public List<String> overlappingAttempts() throws Exception {
        String sql = "SELECT a.job_id FROM attempts a JOIN attempts b ON a.job_id = b.job_id AND a.number < b.number"
                + " WHERE b.started_at < COALESCE(a.finished_at, 9223372036854775807)";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public long attemptsFailedAs(String messagePart) throws Exception {
        return number("SELECT COUNT(*) FROM attempts WHERE error_message LIKE ?", "%" + messagePart + "%");
    }

    /** Attempts per node that ran them (started, whether finished or not). */
    public Map<String, Long> attemptsByNode() throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node, COUNT(*) FROM attempts GROUP BY node");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Attempts on {@code node} that have started and not finished. */
    public long runningOn(String node) throws Exception {
        return runningOn(node, null);
    }

    /** Attempts of jobs named {@code name} (any, if null) on {@code node} that have started and not finished. */
    public long runningOn(String node, String name) throws Exception {
        return number("SELECT COUNT(*) FROM attempts a JOIN jobs j ON j.id = a.job_id WHERE a.node = ?"
                + " AND a.finished_at IS NULL AND (? IS NULL OR j.name = ?)", node, name, name);
    }

    /** Jobs that lost an attempt on {@code node} and then completed on another node (DESIGN I2 across nodes). */
    public long rescuedFrom(String node) throws Exception {
        String sql = "SELECT COUNT(DISTINCT a.job_id) FROM attempts a JOIN attempts b ON b.job_id = a.job_id"
                + " AND b.number > a.number JOIN jobs j ON j.id = a.job_id WHERE a.node = ? AND a.outcome <> 'SUCCEEDED'"
                + " AND b.node <> ? AND b.outcome = 'SUCCEEDED' AND j.status = 'COMPLETED'";
        return number(sql, node, node);
    }

    /** Rows carrying this unique key, in any state. */
    public long withUniqueKey(String key) throws Exception {
        return number("SELECT COUNT(*) FROM jobs WHERE unique_key = ?", key);
    }

    /** The one number a counting query answers, with string parameters (null allowed). */
    private long number(String sql, String... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        c.close();
    }
}
