package jobproxy.db.commit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A real SQLite file in WAL mode behind a real Hikari pool, holding one table {@code t (v INTEGER)}, as the writers see it. */
final class ScratchPool {
    private ScratchPool() {
    }

    static HikariDataSource open(Path file, int connections) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=10000");
        config.setMaximumPoolSize(connections);
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("CREATE TABLE t (v INTEGER)")) {
            ps.executeUpdate();
        }
        return pool;
    }

    /** Inserts {@code v} into {@code t} on the writer's connection; returns it (the work's result). */
    static int insert(Connection c, int v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            ps.setInt(1, v);
            ps.executeUpdate();
        }
        return v;
    }

    /** Rows of {@code t} as another connection sees them: what is committed. */
    static long count(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM t");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
