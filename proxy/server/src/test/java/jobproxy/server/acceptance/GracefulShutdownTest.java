package jobproxy.server.acceptance;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jobproxy.server.testing.Ledger;
import jobproxy.server.testing.Load;
import jobproxy.server.testing.ServerProcess;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobProxyGrpc;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static jobproxy.server.testing.Grpc.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGTERM: running jobs finish or are recorded interrupted (and retried), and even a hung performer cannot hold the node. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDuringLoadFinishesOrInterruptsRunningJobsAndNothingIsLost() throws Exception {
        Load load = new Load();
        try (Ledger ledger = new Ledger(dir)) {
            try (ServerProcess server = ServerProcess.start(dir, CrashRecoveryTest.FAST_RECOVERY)) {
                load.send(server.grpcPort(), 2000, 8);
                await().atMost(Duration.ofSeconds(60)).until(() -> ledger.count("COMPLETED") > 100);
                server.terminate(60);
            }
            assertThat(ledger.count("PROCESSING")).as("a graceful stop leaves no job held").isZero();
            try (ServerProcess server = ServerProcess.start(dir, CrashRecoveryTest.FAST_RECOVERY)) {
                server.grpcPort();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> ledger.statuses().values().stream().allMatch("COMPLETED"::equals));
                assertThat(ledger.statuses()).hasSize(2000).containsKeys(load.acknowledgedList().toArray(String[]::new));
                assertThat(ledger.overlappingAttempts()).isEmpty();
                server.terminate(60);
            }
        }
    }

    @Test
    void aPerformerThatHangsForeverCannotKeepTheNodeFromStopping() throws Exception {
        Map<String, String> props = new HashMap<>(CrashRecoveryTest.FAST_RECOVERY);
        props.put("jobproxy.dispatch.shutdown-grace", "1s");
        try (ServerProcess server = ServerProcess.start(dir, props)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            JobProxyGrpc.JobProxyBlockingStub stub = JobProxyGrpc.newBlockingStub(channel);
            // no timeout, and it swallows nothing: only an interrupt ends it
            String id = stub.enqueue(script("hang-forever", "hang", 0, jobproxy.v1.EnqueueOptions.newBuilder())).getJobId();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(stub, id).getStatus() == JobStatus.JOB_STATUS_PROCESSING);
            channel.shutdownNow();
            long t0 = System.nanoTime();
            server.terminate(60); // throws if the process is still alive after 60 s
            System.out.printf("[shutdown] hung performer, grace 1 s: process exited %d ms after SIGTERM%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        try (Ledger ledger = new Ledger(dir)) {
            assertThat(ledger.count("PROCESSING")).isZero();
            assertThat(ledger.count("RETRY_PENDING")).isEqualTo(1); // interrupted attempts are retryable
            assertThat(ledger.attemptsFailedAs("node shutting down")).isEqualTo(1);
        }
    }

    static Job get(JobProxyGrpc.JobProxyBlockingStub stub, String id) {
        return stub.getJob(GetJobRequest.newBuilder().setJobId(id).build());
    }
}
