package jobproxy.db;

import jobproxy.db.commit.CommitSettings;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.dialect.Dialect;
import jobproxy.db.jobs.AttemptError;
import jobproxy.db.jobs.AttemptOutcome;
import jobproxy.db.jobs.Backoff;
import jobproxy.db.jobs.Claim;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobStatus;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.JobTransitionsAccess;
import jobproxy.db.jobs.NewJob;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state machine's guarded transitions on a real SQLite file, including racing claimers on separate connections. */
class TransitionsTest {
    @TempDir
    Path dir;
    SQLiteDataSource ds;
    JobTransitions t = new JobTransitions(Dialect.SQLITE);
    JobRepository repo;
    GroupCommitter committer;

    @BeforeEach
    void setUp() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
        Flyway.configure().dataSource(ds).locations(Dialect.SQLITE.migrations()).load().migrate();
        repo = new JobRepository(ds, Dialect.SQLITE);
        committer = new GroupCommitter(ds, new CommitSettings(), Dialect.SQLITE);
    }

    @AfterEach
    void tearDown() throws Exception {
        committer.close();
    }

    NewJob job(String id) {
        return new NewJob(id, "Echo", "{}", 2, 0, 1000, 1000, null, Backoff.DEFAULT, null, null, 0, null, 1, Map.of("a", "b"));
    }

    void insert(String... ids) throws SQLException {
        try (Connection c = ds.getConnection()) {
            List<NewJob> jobs = new ArrayList<>();
            for (String id : ids) {
                jobs.add(job(id));
            }
            t.enqueue(c, jobs, 1000);
        }
    }

    @Test
    void onlyOneOfManyConcurrentClaimersWins() throws Exception {
        insert("j1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String node = "node-" + i;
            claims.add(pool.submit(() -> {
                go.await();
                try (Connection c = ds.getConnection()) {
                    return t.claim(c, "j1", node, () -> 2000, 60_000) instanceof Claim.Granted;
                }
            }));
        }
        go.countDown();
        int wins = 0;
        for (Future<Boolean> f : claims) {
            wins += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(wins).isEqualTo(1);
        assertThat(repo.find("j1").orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(repo.attempts("j1")).hasSize(1);
    }

    @Test
    void aJobIsNotClaimedBeforeItsRunTime() throws Exception {
        insert("j2");
        try (Connection c = ds.getConnection()) {
            assertThat(t.claim(c, "j2", "n", () -> 999, 60_000)).isEqualTo(new Claim.Refused(1000));
            assertThat(t.claim(c, "j2", "n", () -> 1000, 60_000)).isInstanceOf(Claim.Granted.class);
        }
    }

    @Test
    void aStaleAttemptCannotWriteItsOutcome() throws Exception {
        insert("j3");
        AttemptError lost = new AttemptError(AttemptOutcome.FAILED, "x.NodeLost", "node lost", null);
        try (Connection c = ds.getConnection()) {
            t.claim(c, "j3", "a", () -> 2000, 1000);
            assertThat(t.expireLease(c, "j3", 1, lost, 2500).applied()).isFalse(); // lease still valid: left alone
            assertThat(t.expireLease(c, "j3", 1, lost, 3001).status()).isEqualTo(JobStatus.RETRY_PENDING);
            t.claim(c, "j3", "b", () -> 3002, 5998);
            // attempt 1 wakes up and tries to complete: refused, attempt 2 still holds the job
            assertThat(t.complete(c, "j3", 1, "\"late\"", 3003).applied()).isFalse();
            assertThat(t.complete(c, "j3", 2, "\"ok\"", 3004).applied()).isTrue();
        }
        assertThat(repo.find("j3").orElseThrow().result()).isEqualTo("\"ok\"");
        assertThat(repo.attempts("j3")).extracting(a -> a.outcome())
                .containsExactly(AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED);
    }

    @Test
    void cancelOnlyFromWaitingStates() throws Exception {
        insert("j4", "j5");
        try (Connection c = ds.getConnection()) {
            assertThat(t.cancel(c, "j4", 5).applied()).isTrue();
            assertThat(t.cancel(c, "j4", 6).applied()).isFalse();
            t.claim(c, "j5", "n", () -> 2000, 7000);
            assertThat(t.cancel(c, "j5", 7).applied()).isFalse();
            assertThat(t.cancel(c, "missing", 7).applied()).isFalse();
        }
    }

    @Test
    void theSchemaRefusesImpossibleStates() throws Exception {
        insert("j6");
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE jobs SET status = 'RUNNING' WHERE id = 'j6'"))
                    .hasMessageContaining("CHECK");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE jobs SET status = 'PROCESSING' WHERE id = 'j6'"))
                    .hasMessageContaining("CHECK"); // PROCESSING needs a node and a lease
        }
    }

    @Test
    void groupCommitIsolatesAFailingItem() throws Exception {
        insert("dup");
        CompletableFuture<Object> good1 = committer.submit(c -> {
            t.enqueue(c, List.of(job("g1")), 1000);
            return null;
        });
        CompletableFuture<Object> bad = committer.submit(c -> {
            t.enqueue(c, List.of(job("dup")), 1000); // primary key clash
            return null;
        });
        CompletableFuture<Object> good2 = committer.submit(c -> {
            t.enqueue(c, List.of(job("g2")), 1000);
            return null;
        });
        good1.get();
        good2.get();
        assertThat(bad).isCompletedExceptionally();
        assertThat(repo.count()).isEqualTo(3);
        Optional<?> g2 = repo.find("g2");
        assertThat(g2).isPresent();
    }

    @Test
    void unclaimPutsAFirstAttemptBackAsIfItWasNeverClaimed() throws Exception {
        insert("u1");
        try (Connection c = ds.getConnection()) {
            t.claim(c, "u1", "n", () -> 2000, 60_000);
            var back = t.unclaim(c, "u1", 1, 2100);
            assertThat(back.status()).isEqualTo(JobStatus.PENDING);
            assertThat(back.toSend()).containsExactly(new jobproxy.db.jobs.Dispatch("u1", "Echo", 2, 2100));
            var row = repo.find(c, "u1").orElseThrow();
            assertThat(row.attempts()).isZero();
            assertThat(row.node()).isNull();
            assertThat(row.leaseUntil()).isNull();
            assertThat(row.startedAt()).isNull();
            assertThat(repo.attempts("u1")).isEmpty();
            assertThat(t.claim(c, "u1", "other", () -> 2200, 60_000)).isInstanceOf(Claim.Granted.class);
            assertThat(repo.find(c, "u1").orElseThrow().attempts()).isEqualTo(1);
        }
    }

    @Test
    void unclaimOfARetryKeepsTheEarlierAttemptAndItsStart() throws Exception {
        insert("u2");
        AttemptError boom = new AttemptError(AttemptOutcome.FAILED, "x.Boom", "boom", null);
        try (Connection c = ds.getConnection()) {
            t.claim(c, "u2", "n", () -> 2000, 60_000);
            t.retry(c, "u2", 1, boom, 2010, 2500);
            t.claim(c, "u2", "n", () -> 3000, 60_000);
            assertThat(t.unclaim(c, "u2", 1, 3050).applied()).as("a stale attempt number").isFalse();
            assertThat(t.unclaim(c, "u2", 2, 3100).status()).isEqualTo(JobStatus.RETRY_PENDING);
            var row = repo.find(c, "u2").orElseThrow();
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.startedAt()).isEqualTo(2000L);
            assertThat(repo.attempts("u2")).extracting(a -> a.outcome()).containsExactly(AttemptOutcome.FAILED);
            assertThat(t.unclaim(c, "u2", 2, 3200).applied()).as("not PROCESSING any more").isFalse();
        }
    }

    @Test
    void unclaimFreesTheExclusionSlotForTheNextWaiter() throws Exception {
        try (Connection c = ds.getConnection()) {
            NewJob k1 = new NewJob("k1", "Echo", "{}", 2, 0, 1000, 1000, null, Backoff.DEFAULT, null, null, 0, "acct", 1, Map.of());
            NewJob k2 = new NewJob("k2", "Echo", "{}", 2, 0, 1000, 1000, null, Backoff.DEFAULT, null, null, 0, "acct", 1, Map.of());
            t.enqueue(c, List.of(k1, k2), 1000);
            assertThat(t.claim(c, "k1", "n", () -> 2000, 60_000)).isInstanceOf(Claim.Granted.class);
            assertThat(t.claim(c, "k2", "n", () -> 2001, 60_000)).isInstanceOf(Claim.Blocked.class);
            var back = t.unclaim(c, "k1", 1, 2100);
            assertThat(back.toSend()).extracting(d -> d.jobId()).containsExactlyInAnyOrder("k1", "k2");
            assertThat(repo.find(c, "k2").orElseThrow().status()).isEqualTo(JobStatus.PENDING);
            assertThat(t.claim(c, "k2", "n", () -> 2200, 60_000)).as("the slot is free").isInstanceOf(Claim.Granted.class);
            assertThat(t.claim(c, "k1", "n", () -> 2201, 60_000)).as("k2 holds it now").isInstanceOf(Claim.Blocked.class);
        }
    }

    @Test
    void moreThanOneRowIsABug() {
        assertThatThrownBy(() -> JobTransitionsAccess.verdict(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("guard is broken");
    }
}
