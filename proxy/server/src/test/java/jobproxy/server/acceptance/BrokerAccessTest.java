package jobproxy.server.acceptance;

import jobproxy.server.testing.TestServer;
import jobproxy.v1.AwaitJobRequest;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker shared with other nodes (the small-team two-node setup): beyond loopback it needs a login, and
 * a node with the wrong login stops at start with an error that says so instead of retrying forever.
 */
class BrokerAccessTest {
    @TempDir
    Path dir;

    @Test
    void anAcceptorBeyondLoopbackWithoutALoginRefusesToStart() throws Exception {
        String url = "tcp://0.0.0.0:" + freePort();
        assertThatThrownBy(() -> TestServer.start(dir.resolve("a"), Map.of("jobproxy.broker.acceptor-url", url)))
                .rootCause().hasMessageContaining("jobproxy.broker.acceptor-url " + url)
                .hasMessageContaining("set jobproxy.broker.user and jobproxy.broker.password");
    }

    @Test
    void aSharedEmbeddedBrokerLetsInOnlyItsUser() throws Exception {
        String url = "tcp://127.0.0.1:" + freePort();
        Map<String, Object> login = Map.of("jobproxy.broker.user", "jobproxy", "jobproxy.broker.password", "s3cret");
        Map<String, Object> a = new java.util.HashMap<>(login);
        a.put("jobproxy.broker.acceptor-url", url);
        a.put("jobproxy.node-name", "A");
        try (TestServer nodeA = TestServer.start(dir.resolve("a"), a)) {
            Map<String, Object> b = Map.of("jobproxy.node-name", "B", "jobproxy.broker.mode", "external",
                    "jobproxy.broker.url", url, "jobproxy.broker.user", "jobproxy", "jobproxy.broker.password", "wrong",
                    "datasources.default.url", nodeA.context().getProperty("datasources.default.url", String.class).orElseThrow());
            assertThatThrownBy(() -> TestServer.start(dir.resolve("b"), b)) // our message, wrapping Artemis's
                    .hasStackTraceContaining("jobproxy.broker.user/password: the broker at " + url + " refused user 'jobproxy'");

            Map<String, Object> right = new java.util.HashMap<>(b);
            right.put("jobproxy.broker.password", "s3cret");
            right.put("jobproxy.roles", "enqueue"); // B only enqueues: the job can only run on A, through the broker
            try (TestServer nodeB = TestServer.start(dir.resolve("b"), right)) {
                String id = nodeB.stub().enqueue(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}").build())
                        .getJobId();
                assertThat(nodeA.stub().awaitJob(AwaitJobRequest.newBuilder().setJobId(id).build()).getStatus())
                        .isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
