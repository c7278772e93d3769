package jobproxy.server.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The database a test server runs on. SQLite (a file in the test's folder) unless the JVM runs with
 * {@code -Djobproxy.test.database=postgresql} (the second surefire execution) or the test asks for PostgreSQL itself
 * (the cluster tests). PostgreSQL is the server {@code .ci/run} starts: {@code JOBPROXY_TEST_PG_URL} (default
 * jdbc:postgresql://127.0.0.1:5432/), user and password {@code JOBPROXY_TEST_PG_USER} / {@code _PASSWORD} (default
 * jobproxy / jobproxy). Each test folder gets its own database, so a restart finds its jobs and tests never share rows.
 */
public final class TestDatabase {
    private static final String PREFIX = "jpt_";
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private TestDatabase() {
    }

    /** Whether this JVM runs the suite on PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty("jobproxy.test.database", "sqlite"));
    }

    /** Server properties for the suite's database of {@code dir}: none for SQLite (the default URL under data-dir). */
    public static Map<String, String> properties(Path dir) {
        return postgres() ? postgresProperties(dir) : Map.of();
    }

    /** Server properties for a PostgreSQL database of its own for {@code dir}, created if absent. */
    public static Map<String, String> postgresProperties(Path dir) {
        return Map.of("datasources.default.url", postgresUrl(dir), "datasources.default.username", user(),
                "datasources.default.password", password());
    }

    /** A JDBC connection to the database a server in {@code dir} uses (SQLite file, or its PostgreSQL database). */
    public static Connection connect(Path dir, boolean onPostgres) throws SQLException {
        if (onPostgres) {
            return DriverManager.getConnection(postgresUrl(dir), user(), password());
        }
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobproxy.db") + "?busy_timeout=10000");
    }

    private static String postgresUrl(Path dir) {
        String name = PREFIX + hash(dir.toAbsolutePath().toString());
        try (Connection admin = DriverManager.getConnection(base() + "postgres", user(), password())) {
            if (SWEPT.compareAndSet(false, true)) {
                dropLeftovers(admin); // databases of earlier runs: one JVM runs the suite at a time
            }
            try (PreparedStatement q = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        try (Statement st = admin.createStatement()) {
                            st.execute("CREATE DATABASE " + name);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is not reachable at " + base() + " as " + user()
                    + " (.ci/run installs and starts it; see README, \"Running the tests\"): " + e.getMessage(), e);
        }
        return base() + name;
    }

    private static void dropLeftovers(Connection admin) throws SQLException {
        List<String> old = new ArrayList<>();
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'jpt\\_%'")) {
            while (rs.next()) {
                old.add(rs.getString(1));
            }
        }
        for (String db : old) {
            try (Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static String base() {
        String url = env("JOBPROXY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        return url.endsWith("/") ? url : url + "/";
    }

    private static String user() {
        return env("JOBPROXY_TEST_PG_USER", "jobproxy");
    }

    private static String password() {
        return env("JOBPROXY_TEST_PG_PASSWORD", "jobproxy");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
