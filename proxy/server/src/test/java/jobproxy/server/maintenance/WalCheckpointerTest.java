package jobproxy.server.maintenance;

import jobproxy.client.JobProxyClient;
import jobproxy.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WAL reaches the database file without the writer's help: SQLite's own checkpoint (the backstop, on the writer)
 * is set out of reach here, so only the checkpointer can have copied the jobs' pages into the file. SQLite only.
 */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void copiesTheWalIntoTheDatabaseFileOffTheWriter() throws Exception {
        Path db = dir.resolve("jobproxy.db");
        String url = "jdbc:sqlite:" + db + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000&foreign_keys=true"
                + "&transaction_mode=IMMEDIATE&wal_autocheckpoint=1000000";
        try (TestServer server = TestServer.start(dir, Map.of("datasources.default.url", url,
                "jobproxy.maintenance.wal-checkpoint-interval", "100ms"))) {
            JobProxyClient client = server.client();
            long before = Files.size(db);
            for (int i = 0; i < 300; i++) {
                client.enqueue("Echo", Map.of("i", i, "padding", "x".repeat(500)));
            }
            // 300 jobs of ~600 bytes are ~45 pages of rows alone; the file only grows by a checkpoint's copy
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(server.bean(WalCheckpointer.class).passes()).isPositive();
                assertThat(Files.size(db)).isGreaterThan(before + 40 * 4096);
            });
        }
    }
}
