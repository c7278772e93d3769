package jobproxy.server.acceptance;

import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.db.locks.LockRepository;
import jobproxy.server.testing.TestServer;
import jobproxy.server.testing.UniqueRace;
import jobproxy.v1.EnqueueBatchRequest;
import jobproxy.v1.EnqueueBatchResponse;
import jobproxy.v1.EnqueueRequest;
import jobproxy.v1.EnqueueResponse;
import jobproxy.v1.Job;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Duplicate suppression (DESIGN I4) on one node; the cross-node race is in TwoNodesTest. */
class UniqueJobsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestServer server;
    static JobProxyClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Map.of("jobproxy.maintenance.key-sweep-interval", "200ms"));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static EnqueueOptions unique(String key) {
        return EnqueueOptions.builder().uniqueKey(key).delay(Duration.ofSeconds(30)).build();
    }

    @Test
    void twoHundredConcurrentEnqueuesOfOneKeyMakeOneJob() throws Exception {
        long before = server.jobCount();
        UniqueRace.Outcome race = UniqueRace.run(List.of(client), 200, 16, unique("race-1"));
        Set<String> ids = race.ids();
        int duplicates = race.duplicates();
        assertThat(ids).hasSize(1);
        assertThat(duplicates).isEqualTo(199);
        assertThat(server.jobCount()).isEqualTo(before + 1);
        client.cancel(ids.iterator().next());
    }

    @Test
    void aFinishedJobCountsWithinItsPeriodOnly() throws Exception {
        EnqueueOptions opts = EnqueueOptions.builder().uniqueKey("period-1").uniqueFor(Duration.ofMillis(1500)).build();
        JobProxyClient.Enqueued first = client.enqueueDetailed("Echo", Map.of(), opts);
        Job done = client.await(first.jobId(), WAIT);
        assertThat(done.getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);

        JobProxyClient.Enqueued again = client.enqueueDetailed("Echo", Map.of(), opts);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.jobId()).isEqualTo(first.jobId());

        long periodEnds = done.getFinishedAt().getSeconds() * 1000 + done.getFinishedAt().getNanos() / 1_000_000 + 1500;
        await().atMost(WAIT).until(() -> System.currentTimeMillis() > periodEnds);
        JobProxyClient.Enqueued after = client.enqueueDetailed("Echo", Map.of(), opts);
        assertThat(after.duplicate()).isFalse();
        assertThat(after.jobId()).isNotEqualTo(first.jobId());
        client.await(after.jobId(), WAIT);
        // once its period is over, the sweeper reclaims the key row of the new job too
        await().atMost(WAIT).until(() -> keyRows(after.jobId()) == 0);
    }

    static int keyRows(String jobId) throws Exception {
        try (Connection c = server.bean(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM unique_keys WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void withoutAPeriodOnlyActiveJobsCount() {
        EnqueueOptions opts = EnqueueOptions.builder().uniqueKey("active-only").build();
        String first = client.enqueue("Echo", Map.of(), opts);
        client.await(first, WAIT);
        assertThat(client.enqueueDetailed("Echo", Map.of(), opts).duplicate()).isFalse();
    }

    @Test
    void aCancelledJobNeverCounts() {
        JobProxyClient.Enqueued first = client.enqueueDetailed("Echo", Map.of(), EnqueueOptions.builder()
                .uniqueKey("cancel-1").uniqueFor(Duration.ofHours(1)).delay(Duration.ofHours(1)).build());
        client.cancel(first.jobId());
        JobProxyClient.Enqueued second = client.enqueueDetailed("Echo", Map.of(), EnqueueOptions.builder()
                .uniqueKey("cancel-1").uniqueFor(Duration.ofHours(1)).delay(Duration.ofHours(1)).build());
        assertThat(second.duplicate()).isFalse();
        assertThat(second.jobId()).isNotEqualTo(first.jobId());
        client.cancel(second.jobId());
    }

    @Test
    void sweepingFinishedJobsDoesNotChangeWhatCountsAsADuplicate() throws Exception {
        EnqueueOptions opts = EnqueueOptions.builder().uniqueKey("kept-1").uniqueFor(Duration.ofHours(1)).build();
        String first = client.enqueue("Echo", Map.of(), opts);
        client.await(first, WAIT);
        try (Connection c = server.bean(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) { // what a retention sweep does
            ps.setString(1, first);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        JobProxyClient.Enqueued again = client.enqueueDetailed("Echo", Map.of(), opts);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.jobId()).isEqualTo(first);
    }

    @Test
    void sameKeyTwiceInOneBatchCollapsesToOneJob() throws Exception {
        long before = server.jobCount();
        EnqueueRequest item = EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}")
                .setOptions(jobproxy.v1.EnqueueOptions.newBuilder().setUniqueKey("batch-1")
                        .setDelay(com.google.protobuf.Duration.newBuilder().setSeconds(60))).build();
        EnqueueRequest other = EnqueueRequest.newBuilder().setJob("Echo").setPayloadJson("{}").build();
        EnqueueBatchResponse r = server.stub().enqueueBatch(EnqueueBatchRequest.newBuilder()
                .addRequests(item).addRequests(other).addRequests(item).build());
        List<EnqueueResponse> results = r.getResultsList();
        assertThat(results.get(0).getDuplicate()).isFalse();
        assertThat(results.get(1).getDuplicate()).isFalse();
        assertThat(results.get(2).getDuplicate()).isTrue();
        assertThat(results.get(2).getJobId()).isEqualTo(results.get(0).getJobId());
        assertThat(server.jobCount()).isEqualTo(before + 2);
        client.cancel(results.get(0).getJobId());
    }

    @Test
    void derivedKeysIgnoreKeyOrderWhitespaceAndOtherFields() throws Exception {
        EnqueueRequest a = EnqueueRequest.newBuilder().setJob("UniqueMail")
                .setPayloadJson("{\"to\":\"a@b.c\",\"template\":{\"id\":1.0,\"lang\":\"en\"},\"note\":\"x\"}")
                .setOptions(jobproxy.v1.EnqueueOptions.newBuilder()
                        .setDelay(com.google.protobuf.Duration.newBuilder().setSeconds(60))).build();
        EnqueueRequest b = a.toBuilder()
                .setPayloadJson("{ \"note\" : \"y\", \"template\": {\"lang\":\"en\", \"id\": 1 },\n \"to\":\"a@b.c\" }").build();
        EnqueueRequest other = a.toBuilder().setPayloadJson("{\"to\":\"z@b.c\",\"template\":{\"id\":1,\"lang\":\"en\"}}").build();
        EnqueueResponse first = server.stub().enqueue(a);
        EnqueueResponse second = server.stub().enqueue(b);
        EnqueueResponse third = server.stub().enqueue(other);
        assertThat(second.getDuplicate()).isTrue();
        assertThat(second.getJobId()).isEqualTo(first.getJobId());
        assertThat(third.getDuplicate()).isFalse();
        Job job = client.get(first.getJobId());
        assertThat(job.getUniqueKey()).isEqualTo("{\"template\":{\"id\":1,\"lang\":\"en\"},\"to\":\"a@b.c\"}");
        assertThat(server.bean(LockRepository.class).jobsWithUniqueKey(job.getUniqueKey(), 10)).containsExactly(first.getJobId());
        client.cancel(first.getJobId());
        client.cancel(third.getJobId());
    }

    @Test
    void theSameKeyForDifferentJobNamesIsNotADuplicate() {
        EnqueueOptions opts = EnqueueOptions.builder().uniqueKey("shared-key").delay(Duration.ofHours(1)).build();
        JobProxyClient.Enqueued echo = client.enqueueDetailed("Echo", Map.of(), opts);
        JobProxyClient.Enqueued sleep = client.enqueueDetailed("Sleep", Map.of("ms", 1), opts);
        assertThat(sleep.duplicate()).isFalse();
        client.cancel(echo.jobId());
        client.cancel(sleep.jobId());
    }
}
