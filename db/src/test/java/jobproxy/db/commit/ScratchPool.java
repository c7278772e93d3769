package jobproxy.db.commit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

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
}
