package jobproxy.db.registry;

import jakarta.inject.Singleton;
import jobproxy.db.Sql;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Nodes and the performers they serve (DESIGN §7). Writes take the caller's connection (group commit). */
@Singleton
public class RegistryRepository {
    private final DataSource dataSource;

    public RegistryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers the node and replaces its performer list. */
    public void register(Connection c, NodeRow node, List<PerformerRegistration> performers) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM nodes WHERE node = ?")) {
            del.setString(1, node.node());
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO nodes (node, roles, started_at, heartbeat_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, node.node());
            ps.setString(2, node.roles());
            ps.setLong(3, node.startedAt());
            ps.setLong(4, node.heartbeatAt());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO performers (name, node, payload_type, concurrency,"
                + " defaults) VALUES (?, ?, ?, ?, ?)")) {
            for (PerformerRegistration p : performers) {
                ps.setString(1, p.name());
                ps.setString(2, p.node());
                ps.setString(3, p.payloadType());
                ps.setInt(4, p.concurrency());
                ps.setString(5, p.defaultsJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Returns false when the node row is gone (swept as dead): the caller must register again. */
    public boolean heartbeat(Connection c, String node, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET heartbeat_at = ? WHERE node = ?")) {
            ps.setLong(1, now);
            ps.setString(2, node);
            return ps.executeUpdate() == 1;
        }
    }

    public void deregister(Connection c, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE node = ?")) {
            ps.setString(1, node);
            ps.executeUpdate();
        }
    }

    /** Performers served by nodes whose heartbeat is not older than {@code aliveSince}. */
    public List<PerformerRegistration> livePerformers(long aliveSince) throws SQLException {
        String sql = "SELECT p.name, p.node, p.payload_type, p.concurrency, p.defaults FROM performers p"
                + " JOIN nodes n ON n.node = p.node WHERE n.heartbeat_at >= ? ORDER BY p.name, p.node";
        return Sql.list(dataSource, sql, rs -> new PerformerRegistration(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getInt(4), rs.getString(5)), aliveSince);
    }

    public List<NodeRow> nodes() throws SQLException {
        return Sql.list(dataSource, "SELECT node, roles, started_at, heartbeat_at FROM nodes ORDER BY node",
                rs -> new NodeRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }
}
