package jobproxy.server.acceptance;

import jobproxy.client.JobProxyClient;
import jobproxy.server.testing.EventLog;
import jobproxy.server.testing.Hooked;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Performer hooks and application events fire after the outcome is committed, with the right meta and finality. */
class HooksTest {
    @TempDir
    Path dir;

    @Test
    void hooksAndEventsReportEachAttempt() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("jobproxy.dispatch.performer-concurrency.Hooked", 1))) {
            JobProxyClient client = server.client();
            var registered = server.bean(jobproxy.db.registry.RegistryRepository.class).livePerformers(0);
            assertThat(registered).filteredOn(p -> p.name().equals("Hooked")).singleElement()
                    .satisfies(p -> assertThat(p.concurrency()).isEqualTo(1)); // configured, and registered as such
            assertThat(registered).filteredOn(p -> p.name().equals("Echo")).singleElement()
                    .satisfies(p -> assertThat(p.concurrency()).isEqualTo(10)); // the performer's default
            String retried = client.enqueue("Hooked", Map.of("failTimes", 1));
            String failed = client.enqueue("Hooked", Map.of("failTimes", 5));
            assertThat(client.await(retried, Duration.ofSeconds(30)).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
            assertThat(client.await(failed, Duration.ofSeconds(30)).getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);

            await().atMost(Duration.ofSeconds(10)).until(() -> Hooked.CALLS.size() >= 4);
            assertThat(Hooked.CALLS).filteredOn(c -> c.jobId().equals(retried)).containsExactly(
                    new Hooked.Call("failure", retried, 1, false, "hooked failure 1"),
                    new Hooked.Call("success", retried, 2, true, "ok"));
            assertThat(Hooked.CALLS).filteredOn(c -> c.jobId().equals(failed)).containsExactly(
                    new Hooked.Call("failure", failed, 1, false, "hooked failure 1"),
                    new Hooked.Call("failure", failed, 2, true, "hooked failure 2"));

            EventLog events = server.bean(EventLog.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.failed.size() >= 3 && !events.succeeded.isEmpty());
            assertThat(events.succeeded).anySatisfy(e -> {
                assertThat(e.meta().jobId()).isEqualTo(retried);
                assertThat(e.meta().attempt()).isEqualTo(2);
                assertThat(e.result()).isEqualTo("ok");
                assertThat(e.meta().finishedAt()).isAfterOrEqualTo(e.meta().startedAt());
            });
            assertThat(events.failed).filteredOn(e -> e.meta().jobId().equals(failed))
                    .extracting(e -> e.isFinal()).containsExactly(false, true);
        }
    }
}
