package jobproxy.server.acceptance;

import jobproxy.db.locks.Holder;
import jobproxy.db.locks.LockRepository;
import jobproxy.server.testing.Gates;
import jobproxy.server.testing.Runs;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.CancelJobRequest;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobProxyGrpc;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static jobproxy.server.testing.Grpc.exclusive;
import static jobproxy.server.testing.Grpc.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Exclusion locks on one node: BLOCKED is visible, waiters run in order, cancel of a waiter frees nothing. */
class ExclusionLocksTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestServer server;
    static JobProxyGrpc.JobProxyBlockingStub stub;
    static LockRepository locks;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        stub = server.stub();
        locks = server.bean(LockRepository.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Job get(String id) {
        return stub.getJob(GetJobRequest.newBuilder().setJobId(id).build());
    }

    @Test
    void waitersAreBlockedAndRunInPriorityThenEnqueueOrder() throws Exception {
        String holder = stub.enqueue(script("order-h", "gate", 0, exclusive("order", 1))).getJobId();
        await().atMost(WAIT).until(() -> get(holder).getStatus() == JobStatus.JOB_STATUS_PROCESSING);
        int[] priorities = {0, 5, 0, 9, 5};
        List<String> waiters = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            waiters.add(stub.enqueue(script("order-" + i, "succeed", 0,
                    exclusive("order", 1).setPriority(priorities[i]))).getJobId());
        }
        await().atMost(WAIT).until(() -> locks.waiters("order", 10).size() == 5);
        for (String w : waiters) {
            assertThat(get(w).getStatus()).isEqualTo(JobStatus.JOB_STATUS_BLOCKED);
        }
        assertThat(locks.holders("order")).extracting(Holder::jobId).containsExactly(holder);
        // the order the lock view promises: priority 9, then the two 5s, then the two 0s, each by enqueue time
        List<String> expected = List.of(waiters.get(3), waiters.get(1), waiters.get(4), waiters.get(0), waiters.get(2));
        assertThat(locks.waiters("order", 10)).isEqualTo(expected);
        Gates.open("order-h");

        await().atMost(WAIT).until(() -> waiters.stream().allMatch(w -> get(w).getStatus() == JobStatus.JOB_STATUS_COMPLETED));
        List<String> ran = Runs.all().stream().filter(r -> r.key.startsWith("order-") && !r.key.equals("order-h"))
                .sorted(Comparator.comparingLong(r -> r.startNanos)).map(r -> r.jobId).toList();
        assertThat(ran).isEqualTo(expected);
        assertThat(locks.holders("order")).isEmpty();
    }

    @Test
    void cancellingABlockedJobFreesNothingItDidNotHold() throws Exception {
        String holder = stub.enqueue(script("cancel-h", "gate", 0, exclusive("cancel-key", 1))).getJobId();
        await().atMost(WAIT).until(() -> get(holder).getStatus() == JobStatus.JOB_STATUS_PROCESSING);
        String w1 = stub.enqueue(script("cancel-w1", "succeed", 0, exclusive("cancel-key", 1))).getJobId();
        String w2 = stub.enqueue(script("cancel-w2", "succeed", 0, exclusive("cancel-key", 1))).getJobId();
        await().atMost(WAIT).until(() -> locks.waiters("cancel-key", 10).size() == 2);

        Job cancelled = stub.cancelJob(CancelJobRequest.newBuilder().setJobId(w1).build());
        assertThat(cancelled.getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
        assertThat(locks.holders("cancel-key")).extracting(Holder::jobId).containsExactly(holder);
        assertThat(get(w2).getStatus()).isEqualTo(JobStatus.JOB_STATUS_BLOCKED);
        Gates.open("cancel-h");

        await().atMost(WAIT).until(() -> get(w2).getStatus() == JobStatus.JOB_STATUS_COMPLETED);
        assertThat(Runs.of(w1)).isEmpty();
        assertThat(Runs.of(w2)).hasSize(1);
        assertThat(Runs.of(w2).get(0).startNanos).isGreaterThanOrEqualTo(Runs.of(holder).get(0).endNanos);
    }

    @Test
    void fencingTokensGrowWithEveryGrant() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(stub.enqueue(script("fence-" + i, "succeed", 0, exclusive("fence-key", 1))).getJobId());
        }
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> get(id).getStatus() == JobStatus.JOB_STATUS_COMPLETED));
        // the holders' grants are gone; their tokens were recorded on the job rows
        List<Long> fences = ids.stream().map(id -> fenceOf(id)).sorted().toList();
        assertThat(fences).doesNotHaveDuplicates().allSatisfy(f -> assertThat(f).isPositive());
    }

    @Test
    void aRetriedHolderLetsTheNextWaiterRun() throws Exception {
        EnqueueOptions.Builder opts = exclusive("retry-key", 1).setMaxAttempts(2)
                .setBackoff(jobproxy.v1.Backoff.newBuilder().setFixed(jobproxy.v1.Fixed.newBuilder()
                        .setDelay(com.google.protobuf.Duration.newBuilder().setSeconds(3600))));
        String failing = stub.enqueue(jobproxy.v1.EnqueueRequest.newBuilder().setJob("Script")
                .setPayloadJson("{\"key\":\"retry-1\",\"failTimes\":1}").setOptions(opts).build()).getJobId();
        await().atMost(WAIT).until(() -> get(failing).getStatus() == JobStatus.JOB_STATUS_RETRY_PENDING);
        String next = stub.enqueue(script("retry-2", "succeed", 0, exclusive("retry-key", 1))).getJobId();
        // runs while the first waits out its hour of backoff: a retrying job holds no slot
        await().atMost(WAIT).until(() -> get(next).getStatus() == JobStatus.JOB_STATUS_COMPLETED);
        assertThat(get(failing).getStatus()).isEqualTo(JobStatus.JOB_STATUS_RETRY_PENDING);
        assertThat(locks.holders("retry-key")).isEmpty();
        stub.cancelJob(CancelJobRequest.newBuilder().setJobId(failing).build());
    }

    static long fenceOf(String id) {
        try (var c = server.bean(javax.sql.DataSource.class).getConnection();
             var ps = c.prepareStatement("SELECT fence FROM jobs WHERE id = ?")) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
