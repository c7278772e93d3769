package jobproxy.server.acceptance;

import jobproxy.server.broker.EmbeddedBroker;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.testing.Gates;
import jobproxy.server.testing.Runs;
import jobproxy.server.testing.ScriptBatches;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.JobStatus;
import org.apache.activemq.artemis.core.paging.PagingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog larger than the embedded broker may hold in memory (jobproxy.broker.global-max-size) pages to disk instead
 * of filling the heap, and every paged job still runs exactly once (hazard: the default limit, half the heap, let a
 * large backlog exhaust a small heap before paging began).
 */
class BrokerBacklogTest {
    private static final int BACKLOG = 2_000;

    @TempDir
    Path dir;

    @Test
    void aBacklogBeyondTheBrokersMemoryPagesToDiskAndEveryJobRunsOnce() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.broker.global-max-size", "16KiB"))) {
            // every Script worker held by a gate, so the backlog stays queued in the broker
            List<String> ids = new ArrayList<>(ScriptBatches.gated(server.stub(), "backlog-hold", 8));
            ids.addAll(ScriptBatches.backlog(server.stub(), "backlog", BACKLOG));

            PagingStore store = server.bean(EmbeddedBroker.class).server().getPagingManager()
                    .getPageStore(JobQueues.queueFor("Script"));
            await().atMost(Duration.ofSeconds(30)).until(() -> store.isPaging() && store.getNumberOfPages() > 0);

            Gates.open("backlog-hold");
            for (String id : ids) {
                assertThat(server.client().await(id, Duration.ofSeconds(60)).getStatus())
                        .as(id).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
            for (String id : ids) {
                assertThat(Runs.of(id)).as("runs of %s", id).hasSize(1);
            }
        }
    }
}
