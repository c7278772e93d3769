package jobproxy.server.acceptance;

import jobproxy.client.JobProxyClient;
import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.JobStatus;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DESIGN I2: jobs whose broker messages are gone still run (lost-message recovery). */
class LostMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, Object> FAST_RESCUE = Map.of("jobproxy.roles", "enqueue,dispatch",
            "jobproxy.recovery.orphan-grace", "500ms", "jobproxy.recovery.orphan-interval", "200ms");

    @TempDir
    Path dir;

    @Test
    void messagesDeletedFromTheBrokerStillRun() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.roles", "enqueue"))) {
            List<String> ids = enqueue(server.client(), 30);
            awaitAllSent(server);
            assertThat(drain(server.bean(BrokerConnection.class), "Echo")).isEqualTo(30); // deleted behind our back
            assertThat(server.bean(BrokerConnection.class).queueDepth("Echo")).isZero();

            server.restart(FAST_RESCUE);
            for (String id : ids) {
                assertThat(server.client().await(id, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
        }
    }

    @Test
    void aWipedBrokerJournalLosesNoJob() throws Exception {
        TestServer server = TestServer.start(dir, Map.of("jobproxy.roles", "enqueue"));
        try {
            List<String> ids = enqueue(server.client(), 30);
            awaitAllSent(server);
            server.stop();
            deleteTree(dir.resolve("artemis")); // the broker forgets everything
            server.restart(FAST_RESCUE);
            for (String id : ids) {
                assertThat(server.client().await(id, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aHealthyBacklogIsNotResent() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.roles", "enqueue"))) {
            enqueue(server.client(), 30);
            awaitAllSent(server);
            // overdue, but their messages are all still queued: nothing to rescue
            server.restart(Map.of("jobproxy.roles", "enqueue", "jobproxy.recovery.orphan-grace", "1ms"));
            server.bean(jobproxy.server.recovery.OrphanRescuer.class).rescue();
            assertThat(server.bean(BrokerConnection.class).queueDepth("Echo")).isEqualTo(30);
        }
    }

    static List<String> enqueue(JobProxyClient client, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(client.enqueue("Echo", Map.of("lost", i)));
        }
        return ids;
    }

    static void awaitAllSent(TestServer server) {
        await().atMost(WAIT).until(() -> {
            try (Connection c = server.bean(DataSource.class).getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM jobs WHERE outbox_pending = 1")) {
                rs.next();
                return rs.getInt(1) == 0;
            }
        });
    }

    static int drain(BrokerConnection broker, String jobName) throws Exception {
        int n = 0;
        try (ClientSessionFactory f = broker.newFactory(); ClientSession s = broker.newSession(f, true, true);
             ClientConsumer consumer = s.createConsumer(JobQueues.queueFor(jobName))) {
            s.start();
            for (ClientMessage m; (m = consumer.receive(500)) != null; n++) {
                m.individualAcknowledge();
            }
        }
        return n;
    }

    static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
