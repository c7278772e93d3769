package jobproxy.server.acceptance;

import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.broker.EmbeddedBroker;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.testing.Runs;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.Job;
import jobproxy.v1.JobStatus;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Messages are only hints: duplicates never run a job twice (DESIGN I3), and jobs outlive a server restart. */
class DeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyMessageIsAckedOnceItsJobFinished() throws Exception {
        // hazard: jobs that complete while the broker never hears of it hold every message as delivering, until
        // Artemis stops depaging a backlog (AMQ224127) and dispatch stalls (it happened: an ack callback recursed)
        try (TestServer server = TestServer.start(dir)) {
            JobProxyClient client = server.client();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ids.add(client.enqueue("Echo", Map.of("n", i)));
            }
            for (String id : ids) {
                assertThat(client.await(id, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            Queue queue = server.bean(EmbeddedBroker.class).server().locateQueue(JobQueues.queueFor("Echo"));
            await().atMost(WAIT).until(() -> queue.getMessageCount() == 0); // ready or delivering: none left
            assertThat(queue.getMessagesAcknowledged()).isGreaterThanOrEqualTo(ids.size());
        }
    }

    @Test
    void aMessageDeliveredSeveralTimesRunsTheJobOnce() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            JobProxyClient client = server.client();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(client.enqueue("Script", Map.of("key", "dup-" + i, "action", "sleep", "ms", 20),
                        EnqueueOptions.builder().delay(Duration.ofMillis(300)).build()));
            }
            // three more copies of every job's message, without duplicate ids, before and after the job is due
            BrokerConnection broker = server.bean(BrokerConnection.class);
            sendCopies(broker, ids, 2);
            for (String id : ids) {
                assertThat(client.await(id, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            sendCopies(broker, ids, 1); // late copies for finished jobs
            String marker = client.enqueue("Script", Map.of("key", "dup-marker"));
            client.await(marker, WAIT); // the lane has taken everything sent before the marker
            for (String id : ids) {
                assertThat(Runs.of(id)).as("runs of %s", id).hasSize(1);
                Job job = client.get(id);
                assertThat(job.getAttempts()).isEqualTo(1);
                assertThat(job.getAttemptHistoryList()).hasSize(1);
            }
        }
    }

    @Test
    void jobsSurviveARestartOfTheServer() throws Exception {
        List<String> ids = new ArrayList<>();
        // first life: takes jobs but runs none (enqueue role only)
        TestServer server = TestServer.start(dir, Map.of("jobproxy.roles", "enqueue"));
        try {
            JobProxyClient client = server.client();
            for (int i = 0; i < 50; i++) {
                ids.add(client.enqueue("Echo", Map.of("n", i)));
            }
            ids.add(client.enqueue("Echo", Map.of("n", "delayed"), EnqueueOptions.builder().delay(Duration.ofSeconds(1)).build()));
            for (String id : ids) {
                assertThat(client.get(id).getStatus()).isEqualTo(JobStatus.JOB_STATUS_PENDING);
            }
            // second life on the same SQLite file and Artemis journal, now dispatching
            server.restart(Map.of("jobproxy.roles", "enqueue,dispatch"));
            client = server.client();
            for (int i = 0; i < ids.size(); i++) {
                Job job = client.await(ids.get(i), WAIT);
                assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
                assertThat(job.getResultJson()).isEqualTo(i < 50 ? "{\"n\":" + i + "}" : "{\"n\":\"delayed\"}");
            }
        } finally {
            server.close();
        }
    }

    private static void sendCopies(BrokerConnection broker, List<String> ids, int copies) throws Exception {
        try (ClientSessionFactory f = broker.newFactory(); ClientSession s = broker.newSession(f, true, true);
             ClientProducer p = s.createProducer(JobQueues.queueFor("Script"))) {
            for (int c = 0; c < copies; c++) {
                for (String id : ids) {
                    ClientMessage m = s.createMessage(true);
                    m.putStringProperty(JobQueues.JOB_ID, id);
                    p.send(m);
                }
            }
        }
    }
}
