package jobproxy.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.server.testing.AdminHttp;
import jobproxy.server.testing.AdminHttp.Reply;
import jobproxy.server.testing.TestServer;
import jobproxy.v1.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static jobproxy.server.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every /api endpoint over real HTTP against a real server: answers, filters, paging, bad input and illegal moves. */
class AdminApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestServer server;
    static JobProxyClient grpc;
    static AdminHttp alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Map.of(
                "jobproxy.admin.users.alice.password", "alice-secret-1",
                "jobproxy.admin.users.alice.role", "operator",
                "jobproxy.admin.users.bob.password", "bob-secret-2",
                "jobproxy.admin.users.bob.role", "viewer",
                "jobproxy.admin.bulk-limit", 5));
        grpc = server.client();
        alice = AdminHttp.basic(server.http(), "alice", "alice-secret-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String delayed(String tagValue) {
        return grpc.enqueue("Echo", Map.of("n", tagValue), EnqueueOptions.builder().delay(Duration.ofHours(1))
                .tag("batch", tagValue).build());
    }

    static JsonNode job(String id) {
        Reply r = alice.get("/api/jobs/" + id);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void listFiltersByJobStatusTagAndText() {
        String tag = "f-" + System.nanoTime();
        String a = delayed(tag);
        String done = grpc.enqueue("Echo", Map.of("x", 1), EnqueueOptions.builder().tag("batch", tag)
                .uniqueKey("uk-" + tag).build());
        grpc.await(done, WAIT);

        JsonNode byTag = alice.get("/api/jobs?tag=batch:" + tag).json();
        assertThat(ids(byTag)).containsExactlyInAnyOrder(a, done);
        assertThat(ids(alice.get("/api/jobs?tag=batch:" + tag + "&status=PENDING").json())).containsExactly(a);
        assertThat(ids(alice.get("/api/jobs?tag=batch:" + tag + "&status=COMPLETED&job=Echo").json())).containsExactly(done);
        assertThat(ids(alice.get("/api/jobs?tag=batch:" + tag + "&job=Flaky").json())).isEmpty();
        assertThat(ids(alice.get("/api/jobs?q=uk-" + tag).json())).containsExactly(done);
        assertThat(ids(alice.get("/api/jobs?q=" + a.substring(0, 30)).json())).contains(a);
        assertThat(ids(alice.get("/api/jobs?tag=batch:" + tag + "&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z")
                .json())).isEmpty();
        assertThat(byTag.get("counts").get("PENDING").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void keysetPagesVisitEveryJobOnceInOrder() {
        String tag = "p-" + System.nanoTime();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            made.add(delayed(tag));
        }
        for (String sort : List.of("created_at", "run_at")) {
            for (String order : List.of("asc", "desc")) {
                List<String> seen = new ArrayList<>();
                String next = null;
                int pages = 0;
                do {
                    JsonNode page = alice.get("/api/jobs?tag=batch:" + tag + "&limit=5&sort=" + sort + "&order=" + order
                            + (next == null ? "" : "&after=" + next)).json();
                    seen.addAll(ids(page));
                    next = page.get("next").isNull() ? null : page.get("next").asText();
                    pages++;
                } while (next != null);
                assertThat(pages).isEqualTo(5);
                assertThat(seen).hasSize(23).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(made);
            }
        }
        List<String> asc = new ArrayList<>();
        alice.get("/api/jobs?tag=batch:" + tag + "&limit=50&order=asc").json().get("jobs")
                .forEach(j -> asc.add(j.get("id").asText()));
        assertThat(asc).containsExactlyElementsOf(made); // UUIDv7 ids and created_at both follow enqueue order
    }

    @Test
    void badListParametersAreRefusedNamingThem() {
        assertBad(alice.get("/api/jobs?status=DONE"), "status");
        assertBad(alice.get("/api/jobs?sort=payload"), "sort");
        assertBad(alice.get("/api/jobs?order=up"), "order");
        assertBad(alice.get("/api/jobs?limit=0"), "limit");
        assertBad(alice.get("/api/jobs?limit=abc"), "limit");
        assertBad(alice.get("/api/jobs?after=!!!"), "after");
        assertBad(alice.get("/api/jobs?from=yesterday"), "from");
        assertBad(alice.get("/api/jobs?tag=novalue"), "tag");
        assertBad(alice.get("/api/jobs?stauts=PENDING"), "stauts");
        assertBad(alice.get("/api/stats?window=year"), "window");
    }

    @Test
    void detailShowsPayloadRedactedAttemptsAndRelatedJobs() {
        String first = grpc.enqueue("Echo", Map.of("user", "ann", "password", "hunter2", "nested", Map.of("token", "t0p")),
                EnqueueOptions.builder().exclusionKey("acct-1").build());
        grpc.await(first, WAIT);
        String second = delayed("rel");
        JsonNode j = job(first);
        assertThat(j.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(j.get("payload").get("user").asText()).isEqualTo("ann");
        assertThat(j.get("payload").get("password").asText()).isEqualTo("[redacted]");
        assertThat(j.get("payload").get("nested").get("token").asText()).isEqualTo("[redacted]");
        assertThat(j.get("result").get("password").asText()).isEqualTo("[redacted]");
        assertThat(alice.get("/api/jobs/" + first).raw().body()).doesNotContain("hunter2").doesNotContain("t0p");
        assertThat(j.get("attemptHistory")).hasSize(1);
        assertThat(j.get("attemptHistory").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(j.get("options").get("exclusionKey").asText()).isEqualTo("acct-1");
        String third = grpc.enqueue("Echo", Map.of(), EnqueueOptions.builder().exclusionKey("acct-1").build());
        grpc.await(third, WAIT);
        assertThat(job(first).get("related").get("exclusionKey").toString()).contains(third);
        assertThat(alice.get("/api/jobs/nope").status()).isEqualTo(404);
        assertThat(job(second).get("attemptHistory")).isEmpty();
    }

    @Test
    void everyMutationIsAuditedWithWhoDidIt() {
        ch.qos.logback.classic.Logger audit = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("jobproxy.admin.audit");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        audit.addAppender(seen);
        try {
            String waiting = delayed("audit");
            alice.post("/api/jobs/" + waiting + "/cancel", null);
            alice.post("/api/jobs/" + waiting + "/cancel", null);
            List<String> lines = seen.list.stream().map(e -> e.getFormattedMessage()).toList();
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("action=cancel").contains(waiting)
                    .contains("outcome=\"ok\"").contains("by=\"alice\"").contains("via=BASIC"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("action=cancel").contains("refused"));
        } finally {
            audit.detachAppender(seen);
        }
    }

    @Test
    void cancelRetryAndDeleteFollowTheStateMachine() {
        String waiting = delayed("c");
        assertThat(alice.post("/api/jobs/" + waiting + "/cancel", null).status()).isEqualTo(200);
        assertThat(grpc.get(waiting).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
        assertConflict(alice.post("/api/jobs/" + waiting + "/cancel", null));
        assertThat(alice.post("/api/jobs/missing/cancel", null).status()).isEqualTo(404);

        // a failed job (one attempt allowed, scripted to fail once) retried by an operator gets one more attempt
        String failing = grpc.enqueue("Script", Map.of("key", "r", "action", "succeed", "failTimes", 1),
                EnqueueOptions.builder().maxAttempts(1).build());
        assertThat(grpc.await(failing, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
        assertConflict(alice.post("/api/jobs/" + done() + "/retry", null));
        assertThat(alice.post("/api/jobs/" + failing + "/retry", null).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> grpc.get(failing).getStatus() == JobStatus.JOB_STATUS_COMPLETED);
        assertThat(job(failing).get("attemptHistory")).hasSize(2);

        // a retried cancelled job runs
        assertThat(alice.post("/api/jobs/" + waiting + "/retry", null).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> grpc.get(waiting).getStatus() == JobStatus.JOB_STATUS_COMPLETED);

        String hanging = grpc.enqueue("Script", Map.of("key", "del", "action", "hang"));
        await().atMost(WAIT).until(() -> grpc.get(hanging).getStatus() == JobStatus.JOB_STATUS_PROCESSING);
        assertConflict(alice.delete("/api/jobs/" + hanging));
        assertConflict(alice.post("/api/jobs/" + hanging + "/retry", null));
        assertThat(alice.delete("/api/jobs/" + waiting).status()).isEqualTo(204);
        assertThat(alice.get("/api/jobs/" + waiting).status()).isEqualTo(404);
        assertThat(alice.delete("/api/jobs/" + waiting).status()).isEqualTo(404);
    }

    @Test
    void retryIsRefusedWhenAnotherJobTookTheUniqueKey() {
        String key = "once-" + System.nanoTime();
        String first = grpc.enqueue("Echo", Map.of(), EnqueueOptions.builder().uniqueKey(key).delay(Duration.ofHours(1)).build());
        assertThat(alice.post("/api/jobs/" + first + "/cancel", null).status()).isEqualTo(200);
        String second = grpc.enqueue("Echo", Map.of(), EnqueueOptions.builder().uniqueKey(key).delay(Duration.ofHours(1)).build());
        assertThat(second).isNotEqualTo(first);
        Reply r = alice.post("/api/jobs/" + first + "/retry", null);
        assertConflict(r);
        assertThat(r.json().get("error").asText()).contains("unique_key").contains(second);
        assertThat(grpc.get(first).getStatus()).isEqualTo(JobStatus.JOB_STATUS_CANCELLED);
    }

    /**
     * An operator's retry of a finished unique job makes it count again: it takes back its own entry while that still
     * counts, and takes over the entry once its period is over (the upsert branch of the key's claim). The retried
     * attempt hangs, so the job stays active while the duplicate is offered.
     */
    @Test
    void retryOfAFinishedJobTakesItsUniqueKeyBack() {
        for (Duration period : List.of(Duration.ofHours(1), Duration.ofMillis(1))) {
            String key = "again-" + System.nanoTime();
            EnqueueOptions once = EnqueueOptions.builder().uniqueKey(key).uniqueFor(period).maxAttempts(1).build();
            String first = grpc.enqueue("Script", Map.of("key", key, "action", "hang", "failTimes", 1), once);
            grpc.await(first, WAIT);
            assertThat(grpc.get(first).getStatus()).isEqualTo(JobStatus.JOB_STATUS_FAILED);
            long countedUntil = grpc.get(first).getFinishedAt().getSeconds() * 1000
                    + grpc.get(first).getFinishedAt().getNanos() / 1_000_000 + period.toMillis();
            if (period.toMillis() == 1) { // the entry's period is over before the retry
                await().atMost(WAIT).until(() -> System.currentTimeMillis() > countedUntil);
            }
            assertThat(alice.post("/api/jobs/" + first + "/retry", null).status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> grpc.get(first).getStatus() == JobStatus.JOB_STATUS_PROCESSING);
            String again = grpc.enqueue("Script", Map.of("key", key), EnqueueOptions.builder().uniqueKey(key).build());
            assertThat(again).as("period %s", period).isEqualTo(first);
        }
    }

    @Test
    void bulkActsOnEachIdAndIsCapped() {
        String tag = "b-" + System.nanoTime();
        List<String> ids = List.of(delayed(tag), delayed(tag), delayed(tag));
        String done = done();
        List<String> all = new ArrayList<>(ids);
        all.add(done);
        Reply r = alice.post("/api/jobs/bulk", json(Map.of("action", "cancel", "ids", all)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("done").asInt()).isEqualTo(3);
        assertThat(r.json().get("results").get(3).get("outcome").asText()).isEqualTo("conflict");
        assertThat(ids(alice.get("/api/jobs?tag=batch:" + tag + "&status=CANCELLED").json())).hasSize(3);
        Reply del = alice.post("/api/jobs/bulk", json(Map.of("action", "delete", "ids", ids)));
        assertThat(del.json().get("done").asInt()).isEqualTo(3);
        assertThat(ids(alice.get("/api/jobs?tag=batch:" + tag).json())).isEmpty();

        assertBad(alice.post("/api/jobs/bulk", json(Map.of("action", "cancel", "ids", List.of("1", "2", "3", "4", "5", "6")))), "ids");
        assertBad(alice.post("/api/jobs/bulk", json(Map.of("action", "explode", "ids", List.of("1")))), "action");
        assertBad(alice.post("/api/jobs/bulk", json(Map.of("action", "cancel", "ids", List.of()))), "ids");
        assertBad(alice.post("/api/jobs/bulk", "{\"action\":\"cancel\",\"ids\":[1]}"), "ids[0]");
    }

    @Test
    void createValidatesLikeGrpcAndStoresNothingWhenBad() throws Exception {
        Reply ok = alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{\"a\":1},\"options\":{\"maxAttempts\":2,"
                + "\"tags\":{\"from\":\"admin\"},\"uniqueKey\":\"created-once\",\"uniqueFor\":\"3600s\"}}");
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(201);
        String id = ok.json().get("jobId").asText();
        assertThat(grpc.await(id, WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        Reply dup = alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{\"a\":2},\"options\":{\"uniqueKey\":\"created-once\"}}");
        assertThat(dup.status()).isEqualTo(200);
        assertThat(dup.json().get("duplicate").asBoolean()).isTrue();
        assertThat(dup.json().get("jobId").asText()).isEqualTo(id);

        long before = server.jobCount();
        assertBad(alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{"), "body");
        assertBad(alice.post("/api/jobs", "[1]"), "body");
        assertBad(alice.post("/api/jobs", "{\"job\":\"Nope\",\"payload\":{}}"), "job");
        assertBad(alice.post("/api/jobs", "{\"payload\":{}}"), "job");
        assertBad(alice.post("/api/jobs", "{\"job\":\"Echo\"}"), "payload");
        assertBad(alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{},\"extra\":1}"), "extra");
        assertBad(alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{},\"options\":{\"maxAttempts\":-1}}"), "max_attempts");
        assertBad(alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{},\"options\":{\"color\":\"red\"}}"), "options");
        assertBad(alice.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{},\"options\":{\"delay\":\"soon\"}}"), "options");
        assertThat(server.jobCount()).isEqualTo(before);

        Reply copy = alice.post("/api/jobs/" + done() + "/copy", null);
        assertThat(copy.status()).isEqualTo(201);
        assertThat(grpc.await(copy.json().get("jobId").asText(), WAIT).getStatus()).isEqualTo(JobStatus.JOB_STATUS_COMPLETED);
        assertThat(alice.post("/api/jobs/none/copy", null).status()).isEqualTo(404);
    }

    @Test
    void statsLocksAndPerformersReadTheDatabase() {
        String done = done();
        JsonNode stats = alice.get("/api/stats").json();
        assertThat(stats.get("queue").get("processing").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(stats.get("finished")).hasSizeGreaterThanOrEqualTo(60);
        long finished = 0;
        for (JsonNode b : stats.get("finished")) {
            finished += b.get("completed").asLong();
        }
        assertThat(finished).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("performers").toString()).contains("\"job\":\"Echo\"").contains("p95Ms");
        assertThat(stats.get("nodes").get(0).get("alive").asBoolean()).isTrue();
        assertThat(alice.get("/api/stats?window=day").json().get("finished")).hasSizeGreaterThanOrEqualTo(1440);
        assertThat(done).isNotEmpty();

        String key = "lock-" + System.nanoTime();
        String holder = grpc.enqueue("Script", Map.of("key", key, "action", "hang"), EnqueueOptions.builder().exclusionKey(key).build());
        String waiter = grpc.enqueue("Script", Map.of("key", key, "action", "succeed"), EnqueueOptions.builder().exclusionKey(key).build());
        await().atMost(WAIT).until(() -> grpc.get(waiter).getStatus() == JobStatus.JOB_STATUS_BLOCKED);
        JsonNode locks = alice.get("/api/locks").json();
        JsonNode entry = null;
        for (JsonNode k : locks.get("exclusionKeys")) {
            if (k.get("key").asText().equals(key)) {
                entry = k;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("holders").get(0).get("jobId").asText()).isEqualTo(holder);
        assertThat(entry.get("holders").get(0).get("node").asText()).isNotEmpty();
        assertThat(entry.get("waiters").get(0).asText()).isEqualTo(waiter);

        JsonNode performers = alice.get("/api/performers").json();
        Set<String> names = new HashSet<>();
        performers.forEach(p -> names.add(p.get("job").asText()));
        assertThat(names).contains("Echo", "Script", "Sleep");
        assertThat(performers.get(0).get("nodes").get(0).get("concurrency").asInt()).isPositive();
    }

    @Test
    void sweepDeletesOnlyOldFinishedJobsAndRecoverAnswers() {
        String finished = done();
        String waiting = delayed("s");
        assertBad(alice.post("/api/maintenance/sweep", "{\"statuses\":[\"PENDING\"]}"), "statuses");
        assertBad(alice.post("/api/maintenance/sweep", "{\"olderThan\":\"forever\"}"), "forever");
        Reply keep = alice.post("/api/maintenance/sweep", "{\"olderThan\":\"1d\"}");
        assertThat(keep.status()).isEqualTo(200);
        assertThat(alice.get("/api/jobs/" + finished).status()).isEqualTo(200);
        Reply sweep = alice.post("/api/maintenance/sweep", "{\"olderThan\":\"0s\",\"statuses\":[\"COMPLETED\"]}");
        assertThat(sweep.json().get("deleted").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(alice.get("/api/jobs/" + finished).status()).isEqualTo(404);
        assertThat(alice.get("/api/jobs/" + waiting).status()).isEqualTo(200);
        Reply recover = alice.post("/api/maintenance/recover", "{\"overdueFor\":\"30s\"}");
        assertThat(recover.status()).isEqualTo(200);
        assertThat(recover.json().get("resent").asLong()).isGreaterThanOrEqualTo(0);
    }

    static String done() {
        String id = grpc.enqueue("Echo", Map.of("done", true));
        grpc.await(id, WAIT);
        return id;
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("jobs").forEach(j -> out.add(j.get("id").asText()));
        return out;
    }

    static void assertBad(Reply r, String names) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains(names);
    }

    static void assertConflict(Reply r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isNotBlank();
    }
}
