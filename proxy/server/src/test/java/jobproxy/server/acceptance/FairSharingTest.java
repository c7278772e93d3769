package jobproxy.server.acceptance;

import jobproxy.server.broker.EmbeddedBroker;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.testing.TestServer;
import jobproxy.server.testing.TwoNodes;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.JobStatus;
import org.apache.activemq.artemis.core.server.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static jobproxy.server.testing.Grpc.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fair work sharing: a node whose every worker is busy holds only a few messages in its consumer's buffer (prefetch is
 * bounded per worker), so the backlog goes to nodes that can run it (hazard: Artemis's default window lets one stuck
 * node hoard a queue's whole backlog).
 */
class FairSharingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aNodeWithEveryWorkerBusyHoardsOnlyAFewMessages() throws Exception {
        try (TestServer nodeA = TwoNodes.startA(dir.resolve("a"), Map.of("jobproxy.dispatch.performer-concurrency.Script", 1))) {
            String stuck = nodeA.stub().enqueue(script("fair-stuck", "hang", 0, EnqueueOptions.newBuilder())).getJobId();
            await().atMost(WAIT).until(() -> status(nodeA, stuck) == JobStatus.JOB_STATUS_PROCESSING);
            List<String> backlog = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                backlog.add(nodeA.stub().enqueue(script("fair-" + i, "succeed", 0, EnqueueOptions.newBuilder())).getJobId());
            }
            Queue queue = nodeA.bean(EmbeddedBroker.class).server().locateQueue(JobQueues.queueFor("Script"));
            await().atMost(WAIT).until(() -> queue.getMessageCount() == 201);
            queue.flushExecutor(); // every delivery the broker will make to A's consumer has been made
            int hoarded = queue.getDeliveringCount() - 1; // messages in A's buffer besides the stuck job's
            System.out.printf("[fair] node A, 1 worker busy: holds %d of 200 waiting messages%n", hoarded);
            assertThat(hoarded).isBetween(0, 8);

            try (TestServer nodeB = TwoNodes.join(nodeA, dir.resolve("b"), Map.of())) {
                // everything A does not hold runs on B while A stays stuck
                await().atMost(WAIT).until(() -> backlog.stream()
                        .filter(id -> status(nodeB, id) == JobStatus.JOB_STATUS_COMPLETED).count() == 200 - hoarded);
            }
        }
    }

    private static JobStatus status(TestServer node, String id) {
        return node.stub().getJob(GetJobRequest.newBuilder().setJobId(id).build()).getStatus();
    }
}
