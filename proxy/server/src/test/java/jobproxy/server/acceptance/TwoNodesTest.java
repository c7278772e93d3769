package jobproxy.server.acceptance;

import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.testing.Attempts;
import jobproxy.server.testing.Runs;
import jobproxy.server.testing.TwoNodes;
import jobproxy.server.testing.UniqueRace;
import jobproxy.v1.AwaitJobRequest;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobProxyGrpc;
import jobproxy.v1.JobStatus;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static jobproxy.server.testing.Grpc.exclusive;
import static jobproxy.server.testing.Grpc.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DESIGN I3, I4, I5 across two dispatcher nodes sharing one database and one broker, with racing callers. */
class TwoNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static Job await(JobProxyGrpc.JobProxyBlockingStub stub, String id) {
        return stub.withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitJob(AwaitJobRequest.newBuilder().setJobId(id).build());
    }

    @Test
    void limitOneNeverOverlapsAcrossNodesAndOtherKeysRunMeanwhile() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            List<String> ids = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                var via = i % 2 == 0 ? nodes.a.stub() : nodes.b.stub(); // enqueued through both nodes
                ids.add(via.enqueue(script("one-" + i, "sleep", 20, exclusive("limit-one", 1))).getJobId());
                if (i % 5 == 0) {
                    others.add(via.enqueue(script("other-" + i, "sleep", 20, exclusive("other-key", 1))).getJobId());
                }
            }
            for (String id : ids) {
                assertThat(await(nodes.a.stub(), id).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            for (String id : others) {
                assertThat(await(nodes.a.stub(), id).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            DataSource ds = nodes.a.bean(DataSource.class);
            List<Attempts.Interval> key = Attempts.ofExclusionKey(ds, "limit-one");
            assertThat(key).hasSize(50);
            assertThat(Attempts.maxOverlap(key)).as("attempt intervals %s", key).isEqualTo(1);
            assertThat(key).extracting(Attempts.Interval::node).contains("A", "B"); // both nodes took part
            // the other key was not serialised behind this one: some of its jobs ran inside this key's busy span
            long firstStart = key.get(0).start();
            long lastEnd = key.stream().mapToLong(Attempts.Interval::end).max().orElseThrow();
            assertThat(Attempts.ofExclusionKey(ds, "other-key")).anySatisfy(i ->
                    assertThat(i.start()).isBetween(firstStart, lastEnd));
        }
    }

    @Test
    void limitThreeLetsThreeOverlapAndNeverFour() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                var via = i % 2 == 0 ? nodes.a.stub() : nodes.b.stub();
                ids.add(via.enqueue(script("three-" + i, "sleep", 150, exclusive("limit-three", 3))).getJobId());
            }
            for (String id : ids) {
                assertThat(await(nodes.b.stub(), id).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            assertThat(Attempts.maxOverlap(Attempts.ofExclusionKey(nodes.a.bean(DataSource.class), "limit-three")))
                    .isEqualTo(3);
            assertThat(Runs.all().stream().filter(r -> r.key.startsWith("three-")).count()).isEqualTo(24);
        }
    }

    @Test
    void uniqueKeyRaceAcrossNodesMakesOneJob() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            UniqueRace.Outcome race = UniqueRace.run(List.of(nodes.a.client(), nodes.b.client()), 200, 16,
                    jobproxy.client.EnqueueOptions.builder().uniqueKey("two-node-race").delay(Duration.ofHours(1)).build());
            Set<String> ids = race.ids();
            int duplicates = race.duplicates();
            assertThat(ids).hasSize(1);
            assertThat(duplicates).isEqualTo(199);
        }
    }

    @Test
    void messagesDeliveredThreeTimesToTwoNodesRunEachAttemptOnce() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                // fails its first attempt, so every job has two attempts to protect
                ids.add(nodes.a.stub().enqueue(EnqueueRequest.newBuilder().setJob("Script")
                        .setPayloadJson("{\"key\":\"dup3-" + i + "\",\"action\":\"sleep\",\"ms\":10,\"failTimes\":1}")
                        .build()).getJobId());
            }
            BrokerConnection broker = nodes.a.bean(BrokerConnection.class);
            for (int round = 0; round < 2; round++) { // two extra copies: three deliveries of each job's message
                sendCopies(broker, ids);
            }
            for (String id : ids) {
                assertThat(await(nodes.b.stub(), id).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            sendCopies(broker, ids); // and late copies after the jobs finished
            String marker = nodes.b.stub().enqueue(script("dup3-marker", "succeed", 0, jobproxy.v1.EnqueueOptions.newBuilder()))
                    .getJobId();
            await(nodes.a.stub(), marker);
            for (String id : ids) {
                assertThat(Runs.of(id)).extracting(r -> r.attempt).as("runs of %s", id).containsExactlyInAnyOrder(1, 2);
                assertThat(await(nodes.a.stub(), id).getAttemptHistoryCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void aStalledHolderIsStoppedItsLeaseExpiresAndTheNextJobRuns() throws Exception {
        // node B takes the first job, then stalls: it never renews (renewal every hour) while its lease is 2 s;
        // its own lease check stops the attempt before the lease runs out, A's reaper rescues the job
        Map<String, Object> stalled = Map.of("jobproxy.dispatch.lease", "2s", "jobproxy.dispatch.lease-renew-interval", "1h",
                "jobproxy.dispatch.lease-check-interval", "100ms", "jobproxy.roles", "enqueue,dispatch");
        Map<String, Object> healthy = Map.of("jobproxy.dispatch.lease", "2s", "jobproxy.dispatch.reaper-interval", "200ms",
                "jobproxy.roles", "enqueue");
        try (TwoNodes nodes = TwoNodes.start(dir, healthy, stalled)) {
            String first = nodes.b.stub().enqueue(script("stall-1", "hang", 0, exclusive("stall-key", 1)
                    .setMaxAttempts(1))).getJobId();
            // the holder first: two jobs enqueued together may be claimed in either order (several writers)
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !Runs.of(first).isEmpty());
            String second = nodes.b.stub().enqueue(script("stall-2", "succeed", 0, exclusive("stall-key", 1))).getJobId();

            Job next = await(nodes.a.stub(), second);
            assertThat(next.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            Job rescued = nodes.a.stub().getJob(jobproxy.v1.GetJobRequest.newBuilder().setJobId(first).build());
            assertThat(rescued.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED); // its only attempt was lost
            assertThat(rescued.getAttemptHistory(0).getErrorMessage()).contains("node lost");
            assertThat(rescued.getAttemptHistory(0).getNode()).isEqualTo("B");
            assertThat(Runs.of(first)).singleElement().satisfies(r -> assertThat(r.interrupted).isTrue());
            // the stalled attempt had stopped before its successor started
            assertThat(Runs.of(first).get(0).endNanos).isLessThanOrEqualTo(Runs.of(second).get(0).startNanos);
        }
    }

    private static void sendCopies(BrokerConnection broker, List<String> ids) throws Exception {
        try (ClientSessionFactory f = broker.newFactory(); ClientSession s = broker.newSession(f, true, true);
             ClientProducer p = s.createProducer(JobQueues.queueFor("Script"))) {
            for (String id : ids) {
                ClientMessage m = s.createMessage(true);
                m.putStringProperty(JobQueues.JOB_ID, id);
                p.send(m);
            }
        }
    }
}
