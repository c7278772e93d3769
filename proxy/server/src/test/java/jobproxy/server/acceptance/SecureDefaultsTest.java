package jobproxy.server.acceptance;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jobproxy.client.JobProxyClient;
import jobproxy.server.grpc.GrpcServer;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gRPC is closed by default: loopback, bearer tokens checked before anything runs, TLS when configured. */
class SecureDefaultsTest {
    private static final String TOKEN = "tok-3f9a-very-secret";

    @TempDir
    Path dir;

    @Test
    void missingOrWrongTokensAreUnauthenticatedAndStoreNothing() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.grpc.tokens", TOKEN + ",second-token"))) {
            String target = "127.0.0.1:" + server.bean(GrpcServer.class).port();
            try (JobProxyClient none = JobProxyClient.connect(target, null, null);
                 JobProxyClient wrong = JobProxyClient.connect(target, TOKEN + "x", null);
                 JobProxyClient right = JobProxyClient.connect(target, TOKEN, null);
                 JobProxyClient other = JobProxyClient.connect(target, "second-token", null)) {
                for (JobProxyClient c : new JobProxyClient[]{none, wrong}) {
                    assertThatThrownBy(() -> c.enqueue("Echo", Map.of("x", 1))).isInstanceOfSatisfying(
                            StatusRuntimeException.class, e -> {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                                assertThat(e.getStatus().getDescription()).startsWith("authorization:");
                            });
                }
                assertThat(server.jobCount()).isZero();
                String id = right.enqueue("Echo", Map.of("x", 1));
                assertThat(right.await(id, Duration.ofSeconds(30)).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
                assertThat(other.get(id).getId()).isEqualTo(id);
                assertThat(server.jobCount()).isEqualTo(1);
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(TOKEN) || e.getFormattedMessage().contains("second-token"));
    }

    @Test
    void tlsRoundTripWithAGeneratedCertificate() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").redirectErrorStream(true).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(new String(openssl.getInputStream().readAllBytes())).isZero();

        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.grpc.tokens", TOKEN,
                "jobproxy.grpc.tls-cert-chain", cert.toString(), "jobproxy.grpc.tls-private-key", key.toString()))) {
            String target = "localhost:" + server.bean(GrpcServer.class).port();
            try (JobProxyClient tls = JobProxyClient.connect(target, TOKEN, cert.toFile());
                 JobProxyClient plain = JobProxyClient.connect(target, TOKEN, null)) {
                String id = tls.enqueue("Echo", Map.of("over", "tls"));
                assertThat(tls.await(id, Duration.ofSeconds(30)).getResultJson()).isEqualTo("{\"over\":\"tls\"}");
                assertThatThrownBy(() -> plain.get(id)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            }
        }
    }

    @Test
    void bindingBeyondLoopbackNeedsProtectionOrAnExplicitInsecureFlag() throws Exception {
        assertThatThrownBy(() -> TestServer.start(dir, Map.of("jobproxy.grpc.host", "0.0.0.0")))
                .hasStackTraceContaining("jobproxy.grpc.host 0.0.0.0 is not loopback")
                .hasStackTraceContaining("jobproxy.grpc.insecure=true");
        try (TestServer open = TestServer.start(dir.resolve("open"), Map.of("jobproxy.grpc.host", "0.0.0.0",
                "jobproxy.grpc.insecure", true))) {
            assertThat(open.bean(GrpcServer.class).port()).isPositive();
        }
    }
}
