package jobproxy.server.acceptance;

import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.server.testing.Runs;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.AttemptOutcome;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueBatchResponse;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline end to end through a real gRPC channel, SQLite file and persistent embedded broker. */
class PipelineTest {
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestServer server;
    static JobProxyClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void enqueuedJobCompletesWithItsResult() {
        String id = client.enqueue("Echo", Map.of("hello", "world"));
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        assertThat(job.getResultJson()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(job.getAttempts()).isEqualTo(1);
        assertThat(job.getAttemptHistoryList()).singleElement().satisfies(a -> {
            assertThat(a.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
            assertThat(a.getNode()).isNotEmpty();
            assertThat(a.hasFinishedAt()).isTrue();
        });
        assertThat(job.hasStartedAt()).isTrue();
        assertThat(job.hasFinishedAt()).isTrue();
    }

    @Test
    void batchOfThousandAllCompleteWithMatchingResults() {
        EnqueueBatchRequest.Builder batch = EnqueueBatchRequest.newBuilder();
        for (int i = 0; i < 1000; i++) {
            batch.addRequests(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{\"n\":" + i + "}"));
        }
        EnqueueBatchResponse response = server.stub().enqueueBatch(batch.build());
        assertThat(response.getResultsCount()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            Job job = client.await(response.getResults(i).getJobId(), WAIT);
            assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            assertThat(job.getResultJson()).isEqualTo("{\"n\":" + i + "}"); // results in request order
        }
    }

    @Test
    void failedAttemptsAreRetriedThenSucceedWithTheirHistory() {
        String id = client.enqueue("Flaky", Map.of("failTimes", 2),
                EnqueueOptions.builder().maxAttempts(3).fixedBackoff(java.time.Duration.ofMillis(100)).build());
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        assertThat(job.getResultJson()).isEqualTo("{\"attempt\":3}");
        assertThat(job.getAttempts()).isEqualTo(3);
        assertThat(job.getAttemptHistoryList()).extracting(a -> a.getOutcome()).containsExactly(
                AttemptOutcome.ATTEMPT_OUTCOME_FAILED, AttemptOutcome.ATTEMPT_OUTCOME_FAILED,
                AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
        assertThat(job.getAttemptHistory(0).getErrorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(job.getAttemptHistory(0).getErrorMessage()).contains("failing attempt 1");
        assertThat(job.getAttemptHistory(1).getStackTrace()).contains("at jobproxy.examples.Flaky.perform");
        assertThat(job.getAttemptHistoryList()).extracting(a -> a.getNumber()).containsExactly(1, 2, 3);
        // the retry waited for its backoff
        long firstEnd = millis(job.getAttemptHistory(0).getFinishedAt());
        long secondStart = millis(job.getAttemptHistory(1).getStartedAt());
        assertThat(secondStart - firstEnd).isGreaterThanOrEqualTo(100);
    }

    @Test
    void exhaustedAttemptsEndFailed() {
        String id = client.enqueue("Flaky", Map.of("failTimes", 5),
                EnqueueOptions.builder().maxAttempts(2).fixedBackoff(java.time.Duration.ofMillis(10)).build());
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
        assertThat(job.getAttempts()).isEqualTo(2);
        assertThat(job.getLastError()).contains("IllegalStateException").contains("failing attempt 2");
        assertThat(job.getAttemptHistoryList()).hasSize(2)
                .allSatisfy(a -> assertThat(a.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED));
    }

    @Test
    void nonRetryableErrorFailsAtOnce() {
        // a payload that does not fit the performer's type cannot get better by retrying
        String id = server.stub().enqueue(EnqueueRequest.newBuilder().setJob("Script")
                .setPayloadJson("{\"key\":\"nr\",\"action\":\"throw\"}")
                .setOptions(jobproxy.v1.EnqueueOptions.newBuilder().setMaxAttempts(1)).build()).getJobId();
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
        assertThat(job.getLastError()).contains("scripted <error> for nr");
    }

    @Test
    void timeoutInterruptsTheAttempt() {
        String id = client.enqueue("Script", Map.of("key", "timeout-1", "action", "hang"),
                EnqueueOptions.builder().timeout(java.time.Duration.ofMillis(300)).maxAttempts(1).build());
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
        assertThat(job.getAttemptHistory(0).getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_TIMED_OUT);
        assertThat(job.getAttemptHistory(0).getErrorMessage()).contains("timed out after 300 ms");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Runs.of(id).size() == 1 && Runs.of(id).get(0).interrupted);
    }

    @Test
    void timedOutAttemptIsRetriedWhenAttemptsRemain() {
        String id = client.enqueue("Script", Map.of("key", "timeout-2", "action", "hang"),
                EnqueueOptions.builder().timeout(java.time.Duration.ofMillis(100)).maxAttempts(2)
                        .fixedBackoff(java.time.Duration.ofMillis(10)).build());
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
        assertThat(job.getAttemptHistoryList()).extracting(a -> a.getOutcome())
                .containsExactly(AttemptOutcome.ATTEMPT_OUTCOME_TIMED_OUT, AttemptOutcome.ATTEMPT_OUTCOME_TIMED_OUT);
    }

    @Test
    void delayIsHonoured() {
        String id = client.enqueue("Echo", Map.of("d", 1), EnqueueOptions.builder().delay(java.time.Duration.ofMillis(1500)).build());
        Job pending = client.get(id);
        assertThat(pending.getStatus()).isEqualTo(JobStatus.JOB_STATUS_PENDING);
        Job job = client.await(id, WAIT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        assertThat(millis(job.getStartedAt()) - millis(job.getCreatedAt())).isGreaterThanOrEqualTo(1500);
        assertThat(millis(job.getRunAt()) - millis(job.getCreatedAt())).isEqualTo(1500);
    }

    @Test
    void runAtIsHonoured() {
        java.time.Instant at = java.time.Instant.now().plusMillis(800);
        String id = client.enqueue("Echo", Map.of("r", 1), EnqueueOptions.builder().runAt(at).build());
        Job job = client.await(id, WAIT);
        assertThat(millis(job.getStartedAt())).isGreaterThanOrEqualTo(at.toEpochMilli());
    }

    @Test
    void cancelledBeforeItRunsItNeverRuns() {
        String id = client.enqueue("Script", Map.of("key", "cancel-1"),
                EnqueueOptions.builder().delay(java.time.Duration.ofMillis(700)).build());
        Job cancelled = client.cancel(id);
        assertThat(cancelled.getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
        assertThat(client.await(id, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
        // a later job of the same performer, enqueued after the cancelled one was due, has run: so the cancelled
        // one's message was delivered and dropped, not merely not yet delivered
        String later = client.enqueue("Script", Map.of("key", "cancel-2"),
                EnqueueOptions.builder().delay(java.time.Duration.ofMillis(900)).build());
        assertThat(client.await(later, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        assertThat(Runs.of(id)).isEmpty();
        assertThat(client.get(id).getAttempts()).isZero();
    }

    @Test
    void cancelOfARunningOrFinishedJobIsRefused() {
        String id = client.enqueue("Echo", Map.of("x", 1));
        client.await(id, WAIT);
        assertThatThrownBy(() -> client.cancel(id)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("job_id").contains("COMPLETED");
        });
        assertThat(client.get(id).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
    }

    @Test
    void awaitAnswersDeadlineExceededWhenTheJobOutlivesTheDeadline() {
        String id = client.enqueue("Echo", Map.of("x", 2), EnqueueOptions.builder().delay(java.time.Duration.ofHours(1)).build());
        assertThatThrownBy(() -> client.await(id, java.time.Duration.ofMillis(300)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        client.cancel(id);
    }

    @Test
    void awaitWakesWhenAnotherCallerCancels() throws Exception {
        String id = client.enqueue("Echo", Map.of("x", 3), EnqueueOptions.builder().delay(java.time.Duration.ofHours(1)).build());
        var waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.await(id, WAIT));
        org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(50)).until(() -> true);
        client.cancel(id);
        assertThat(waiter.get().getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
    }

    @Test
    void manyConcurrentCallersAllComplete() throws Exception {
        List<java.util.concurrent.CompletableFuture<String>> ids = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        for (int i = 0; i < 400; i++) {
            int n = i;
            ids.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> client.enqueue("Echo", Map.of("c", n)), pool));
        }
        for (int i = 0; i < ids.size(); i++) {
            Job job = client.await(ids.get(i).get(), WAIT);
            assertThat(job.getResultJson()).isEqualTo("{\"c\":" + i + "}");
        }
        pool.shutdown();
    }

    static long millis(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    static Duration unused() {
        return Duration.getDefaultInstance();
    }
}
