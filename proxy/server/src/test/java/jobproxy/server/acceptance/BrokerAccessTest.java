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
    void aMalformedBrokerMemoryLimitRefusesToStartAndNamesTheSetting() {
        for (String bad : new String[]{"lots", "0", "-5MiB"}) {
            assertThatThrownBy(() -> TestServer.start(dir.resolve("m" + bad.length()),
                    Map.of("jobproxy.broker.global-max-size", bad)))
                    .rootCause().hasMessageContaining("jobproxy.broker.global-max-size")
                    .hasMessageContaining("'" + bad + "'");
        }
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

    @Test
    void nodesReachASharedBrokerOverTls() throws Exception {
        Path ks = dir.resolve("broker.p12");
        Path ts = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "s3cret");
        keytool("-exportcert", "-alias", "broker", "-keystore", ks.toString(), "-storepass", "s3cret",
                "-file", dir.resolve("broker.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", dir.resolve("broker.crt").toString(),
                "-storetype", "PKCS12", "-keystore", ts.toString(), "-storepass", "s3cret");
        int port = freePort();
        // A only enqueues; B only runs jobs, and reaches the broker over TLS alone (the acceptor speaks nothing else)
        Map<String, Object> a = Map.of("jobproxy.node-name", "A", "jobproxy.roles", "enqueue",
                "jobproxy.broker.acceptor-url", "tcp://127.0.0.1:" + port + "?sslEnabled=true;keyStorePath=" + ks
                        + ";keyStorePassword=s3cret");
        try (TestServer nodeA = TestServer.start(dir.resolve("a"), a)) {
            Map<String, Object> b = Map.of("jobproxy.node-name", "B", "jobproxy.roles", "dispatch",
                    "jobproxy.broker.mode", "external", "jobproxy.broker.url", "tcp://127.0.0.1:" + port
                            + "?sslEnabled=true;trustStorePath=" + ts + ";trustStorePassword=s3cret",
                    "datasources.default.url",
                    nodeA.context().getProperty("datasources.default.url", String.class).orElseThrow());
            try (TestServer nodeB = TestServer.start(dir.resolve("b"), b)) {
                String id = nodeA.stub().enqueue(EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}").build())
                        .getJobId();
                var done = nodeA.stub().withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS).awaitJob(AwaitJobRequest.newBuilder().setJobId(id).build());
                assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
                assertThat(done.getAttemptHistory(0).getNode()).isEqualTo("B");
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
