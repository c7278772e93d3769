package jobproxy.server.acceptance;

import jobproxy.server.testing.Runs;
import jobproxy.server.testing.ServerProcess;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.AwaitJobRequest;
import jobproxy.v1.GetJobRequest;
import jobproxy.v1.Job;
import jobproxy.v1.JobProxyGrpc;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static jobproxy.server.testing.Grpc.exclusive;
import static jobproxy.server.testing.Grpc.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A lock holder whose process is killed with SIGKILL: after its lease the slot frees and the next job runs elsewhere. */
class KilledHolderTest {
    @TempDir
    Path dir;

    @Test
    void killedHoldersSlotFreesAfterItsLease() throws Exception {
        String url = "tcp://127.0.0.1:" + freePort();
        // A: the broker and the gRPC front door, runs no jobs
        try (TestServer a = TestServer.start(dir, Map.of("jobproxy.roles", "enqueue", "jobproxy.node-name", "A",
                "jobproxy.broker.acceptor-url", url))) {
            JobProxyGrpc.JobProxyBlockingStub stub = a.stub();
            // P: a dispatcher in its own process
            ServerProcess p = ServerProcess.start(dir, Map.of("jobproxy.roles", "dispatch", "jobproxy.node-name", "P",
                    "jobproxy.broker.mode", "external", "jobproxy.broker.url", url, "jobproxy.dispatch.lease", "3s",
                    "jobproxy.dispatch.lease-renew-interval", "500ms")); // P keeps its lease for as long as it lives
            try {
                p.awaitDispatching();
                String held = stub.enqueue(script("killed-1", "hang", 0, exclusive("killed-key", 1).setMaxAttempts(1))).getJobId();
                // the holder first: two jobs enqueued together may be claimed in either order (several writers)
                await().atMost(Duration.ofSeconds(60)).until(() -> get(stub, held).getStatus() == JobStatus.JOB_STATUS_PROCESSING);
                String next = stub.enqueue(script("killed-2", "succeed", 0, exclusive("killed-key", 1))).getJobId();
                await().atMost(Duration.ofSeconds(60)).until(() -> get(stub, next).getStatus() == JobStatus.JOB_STATUS_BLOCKED);
                assertThat(get(stub, held).getAttemptHistory(0).getNode()).isEqualTo("P");
                p.kill();

                // C: another dispatcher, started after the holder died; its reaper frees the slot once the lease is over
                try (TestServer c = TestServer.start(dir, Map.of("jobproxy.node-name", "C", "jobproxy.broker.mode", "external",
                        "jobproxy.broker.url", url, "jobproxy.dispatch.reaper-interval", "200ms"))) {
                    Job done = stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                            .awaitJob(AwaitJobRequest.newBuilder().setJobId(next).build());
                    assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
                    assertThat(done.getAttemptHistory(0).getNode()).isEqualTo("C");
                    Job lost = get(stub, held);
                    assertThat(lost.getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
                    assertThat(lost.getAttemptHistory(0).getErrorMessage()).contains("node lost");
                    long leaseEnd = millis(lost.getAttemptHistory(0).getStartedAt()) + 3000;
                    assertThat(millis(done.getStartedAt())).isGreaterThanOrEqualTo(leaseEnd);
                    assertThat(Runs.of(next)).hasSize(1);
                }
            } finally {
                p.close();
            }
        }
    }

    static Job get(JobProxyGrpc.JobProxyBlockingStub stub, String id) {
        return stub.getJob(GetJobRequest.newBuilder().setJobId(id).build());
    }

    static long millis(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
