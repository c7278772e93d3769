package jobproxy.server.acceptance;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.EnqueueRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that cannot take the write answers UNAVAILABLE, stores nothing, and the server recovers by itself. */
class DatabaseUnavailableTest {
    @TempDir
    Path dir;

    @Test
    void lockedDatabaseAnswersUnavailableAndStoresNothing() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("jobproxy.db");
        try (TestServer server = TestServer.start(dir, Map.of(
                "datasources.default.url", url + "?journal_mode=WAL&busy_timeout=50&foreign_keys=true&transaction_mode=IMMEDIATE",
                "jobproxy.db.busy-retries", 2));
             Connection other = DriverManager.getConnection(url)) {
            EnqueueRequest echo = EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}").build();
            server.stub().enqueue(echo); // works while nobody else holds the lock
            long before = count(other);

            try (Statement st = other.createStatement()) {
                st.execute("BEGIN EXCLUSIVE"); // another process holding the write lock for too long
                assertThatThrownBy(() -> server.stub().enqueue(echo)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
                st.execute("ROLLBACK");
            }
            assertThat(count(other)).isEqualTo(before);
            assertThat(server.stub().enqueue(echo).getJobId()).isNotEmpty();
        }
    }

    private static long count(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM jobs")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
