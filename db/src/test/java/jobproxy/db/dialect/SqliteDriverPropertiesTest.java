package jobproxy.db.dialect;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite pool Micronaut builds from a deployment's URL runs no generated-keys query after an INSERT (the statement
 * then hands back an empty key set) and checkpoints its WAL every 10 000 pages; an operator who names a setting in the
 * URL keeps their choice.
 */
class SqliteDriverPropertiesTest {

    @Test
    void anInsertRunsNoGeneratedKeysQuery(@TempDir Path dir) throws Exception {
        assertThat(keysAfterInsert(dir, "")).isFalse();
    }

    @Test
    void aUrlThatNamesTheSettingKeepsIt(@TempDir Path dir) throws Exception {
        assertThat(keysAfterInsert(dir, "&" + SqliteDriverProperties.GENERATED_KEYS + "=true")).isTrue();
    }

    @Test
    void connectionsCheckpointTheWalInLargerSteps(@TempDir Path dir) throws Exception {
        assertThat(autocheckpoint(dir, "")).isEqualTo(Long.parseLong(SqliteDriverProperties.AUTOCHECKPOINT_PAGES));
        assertThat(autocheckpoint(dir, "&wal_autocheckpoint=500")).isEqualTo(500);
    }

    @Test
    void onlyTheQueryNamesASetting() {
        String key = SqliteDriverProperties.AUTOCHECKPOINT;
        assertThat(SqliteDriverProperties.names("jdbc:sqlite:/data/jobproxy.db?journal_mode=WAL&" + key + "=500", key)).isTrue();
        assertThat(SqliteDriverProperties.names("jdbc:sqlite:/data/jobproxy.db?" + key + "=500", key)).isTrue();
        assertThat(SqliteDriverProperties.names("jdbc:sqlite:/data/" + key + "=1/jobproxy.db?journal_mode=WAL", key)).isFalse();
        assertThat(SqliteDriverProperties.names("jdbc:sqlite:/data/jobproxy.db?journal_mode=WAL&x" + key + "=1", key)).isFalse();
        assertThat(SqliteDriverProperties.names("jdbc:sqlite:/data/jobproxy.db", key)).isFalse();
    }

    private static long autocheckpoint(Path dir, String urlExtra) throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(props(dir, urlExtra));
             Connection c = ctx.getBean(DataSource.class).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Object> props(Path dir, String urlExtra) {
        return Map.of("datasources.default.url", "jdbc:sqlite:" + dir.resolve("keys.db") + "?journal_mode=WAL" + urlExtra,
                "flyway.datasources.default.enabled", false);
    }

    private static boolean keysAfterInsert(Path dir, String urlExtra) throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(props(dir, urlExtra));
             Connection c = ctx.getBean(DataSource.class).getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                ps.setString(1, "x");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    return keys.next();
                }
            }
        }
    }
}
