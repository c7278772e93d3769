package jobproxy.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the SQLite file of a server process from the test: job statuses and attempt intervals. */
public final class Ledger implements AutoCloseable {
    private final Connection c;

    public Ledger(Path dataDir) throws Exception {
        this.c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("jobproxy.db") + "?busy_timeout=10000");
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
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE status = ?")) {
            ps.setString(1, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM attempts WHERE error_message LIKE ?")) {
            ps.setString(1, "%" + messagePart + "%");
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
