package jobproxy.server.acceptance;

import jobproxy.server.grpc.GrpcServer;
import jobproxy.server.testing.Ledger;
import jobproxy.server.testing.Load;
import jobproxy.server.testing.ServerProcess;
import jobproxy.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An external broker that goes away for 10 s under load and comes back: enqueue keeps answering (the jobs are
 * committed; the outbox sends them when the broker is back) and dispatch resumes by itself.
 */
class BrokerOutageTest {
    @TempDir
    Path dir;

    @Test
    void brokerDownForTenSecondsDuringLoadLosesNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path journal = dir.resolve("broker");
        ServerProcess broker = ServerProcess.broker(journal, port);
        Load load = new Load();
        try (TestServer node = TestServer.start(dir, Map.of("jobproxy.broker.mode", "external",
                "jobproxy.broker.url", "tcp://127.0.0.1:" + port, "jobproxy.dispatch.lease", "5s"));
             Ledger ledger = new Ledger(dir)) {
            int grpc = node.bean(GrpcServer.class).port();
            Thread callers = new Thread(() -> {
                try {
                    load.send(grpc, 3000, 8);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            callers.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 500);
            broker.kill();
            long down = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 1500); // enqueue goes on
            // the outage lasts 10 s (a scenario length, not a synchronisation)
            Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - down) / 1_000_000));
            broker = ServerProcess.broker(journal, port);
            long up = System.nanoTime();
            callers.join();

            assertThat(load.failed()).as("enqueue failures during the outage: %s", load.failures).isZero();
            assertThat(load.acknowledged).hasSize(3000);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                    ledger.statuses().values().stream().allMatch("COMPLETED"::equals));
            assertThat(ledger.statuses()).hasSize(3000);
            assertThat(ledger.overlappingAttempts()).isEmpty();
            System.out.printf("[broker-outage] 10 s outage under load: sent 3000, acknowledged %d, failed %d, completed %d,"
                    + " lost 0, all completed %d ms after the broker came back%n", load.acknowledged.size(), load.failed(),
                    ledger.count("COMPLETED"), (System.nanoTime() - up) / 1_000_000);
        } finally {
            broker.close();
        }
    }
}
