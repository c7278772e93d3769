package jobproxy.server.acceptance;

import jobproxy.db.jobs.AttemptRow;
import jobproxy.db.jobs.JobRepository;
import jobproxy.server.testing.Ledger;
import jobproxy.server.testing.TestServer;
import jobproxy.server.testing.TwoNodes;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static jobproxy.server.testing.Grpc.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claiming ahead of the workers (DispatchSettings.claimAhead): a lane whose attempts run short claims a few jobs beyond
 * its free workers; a job claimed so that then waits behind a worker that hangs is given back (unclaimed, no attempt
 * counted) and runs on another node.
 */
class ClaimAheadTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void jobsClaimedAheadOfAHungWorkerAreGivenBackAndRunElsewhere() throws Exception {
        Map<String, Object> a = Map.of("jobproxy.dispatch.performer-concurrency.Script", 1,
                // long enough that A claims ahead while the hung job is young, and stops for good after that
                "jobproxy.dispatch.claim-ahead-max-run", "5s",
                "jobproxy.dispatch.claim-ahead-max-wait", "300ms",
                // no prefetch: a message A has not received stays on the queue for B (FairSharingTest covers prefetch)
                "jobproxy.broker.prefetch-bytes-per-worker", 0);
        try (TestServer nodeA = TwoNodes.startA(dir.resolve("a"), a)) {
            String warm = nodeA.stub().enqueue(script("ahead-warm", "succeed", 0, EnqueueOptions.newBuilder())).getJobId();
            await().atMost(WAIT).until(() -> status(nodeA, warm) == JobStatus.JOB_STATUS_COMPLETED);
            String hung = nodeA.stub().enqueue(script("ahead-hung", "hang", 0, EnqueueOptions.newBuilder())).getJobId();
            // the hung job first holds the worker (claims may commit out of order, e.g. PostgreSQL's several writers)
            await().atMost(WAIT).until(() -> status(nodeA, hung) == JobStatus.JOB_STATUS_PROCESSING);
            String next = nodeA.stub().enqueue(script("ahead-next", "succeed", 0, EnqueueOptions.newBuilder())).getJobId();
            JobRepository jobs = nodeA.bean(JobRepository.class);
            // one worker, both held by A: the second was claimed ahead while the first ran
            await().atMost(WAIT).until(() -> jobs.find(next).filter(j -> "A".equals(j.node())).isPresent());

            try (TestServer nodeB = TwoNodes.join(nodeA, dir.resolve("b"), Map.of())) {
                await().atMost(WAIT).until(() -> status(nodeB, next) == JobStatus.JOB_STATUS_COMPLETED);
            }
            // A's claims (one or more, until the hung attempt passed max-run) were given back without a trace: the
            // attempt that ran is the job's first, on B (a lease expiry would have left A's attempt 1 as failed)
            List<AttemptRow> ran = jobs.attempts(next);
            assertThat(ran).extracting(AttemptRow::node).containsExactly("B");
            assertThat(ran).extracting(AttemptRow::number).containsExactly(1);
            assertThat(status(nodeA, hung)).isEqualTo(JobStatus.JOB_STATUS_PROCESSING);
        }
    }

    @Test
    void aStoppingNodeGivesBackTheJobsItClaimedAheadInsteadOfFailingThem() throws Exception {
        Map<String, Object> a = Map.of("jobproxy.node-name", "A", "jobproxy.dispatch.performer-concurrency.Script", 1,
                "jobproxy.dispatch.claim-ahead-max-run", "1h", "jobproxy.dispatch.claim-ahead-max-wait", "1h",
                "jobproxy.dispatch.shutdown-grace", "1s");
        String next;
        try (TestServer nodeA = TestServer.start(dir, a)) {
            String warm = nodeA.stub().enqueue(script("stop-warm", "succeed", 0, EnqueueOptions.newBuilder())).getJobId();
            await().atMost(WAIT).until(() -> status(nodeA, warm) == JobStatus.JOB_STATUS_COMPLETED);
            String hung = nodeA.stub().enqueue(script("stop-hung", "hang", 0, EnqueueOptions.newBuilder())).getJobId();
            await().atMost(WAIT).until(() -> status(nodeA, hung) == JobStatus.JOB_STATUS_PROCESSING);
            String claimedAhead = nodeA.stub().enqueue(script("stop-next", "succeed", 0, EnqueueOptions.newBuilder()))
                    .getJobId();
            next = claimedAhead;
            await().atMost(WAIT).until(() -> status(nodeA, claimedAhead) == JobStatus.JOB_STATUS_PROCESSING);
        }
        try (Ledger ledger = new Ledger(dir)) {
            assertThat(ledger.statuses()).containsEntry(next, "PENDING"); // as if never claimed
            assertThat(ledger.attemptsFailedAs("node shutting down")).as("only the hung attempt").isEqualTo(1);
            assertThat(ledger.attemptsByNode()).as("warm-up and hung job; none for the given-back claim")
                    .containsExactly(Map.entry("A", 2L));
        }
    }

    private static JobStatus status(TestServer node, String id) {
        return node.stub().getJob(GetJobRequest.newBuilder().setJobId(id).build()).getStatus();
    }
}
