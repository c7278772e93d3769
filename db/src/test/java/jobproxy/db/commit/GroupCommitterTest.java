package jobproxy.db.commit;

import com.zaxxer.hikari.HikariDataSource;
import jobproxy.db.dialect.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The group committer on a real SQLite file behind a real Hikari pool: what its callers can rely on. */
class GroupCommitterTest {
    @TempDir
    Path dir;
    HikariDataSource pool;
    GroupCommitter committer;

    @BeforeEach
    void setUp() throws SQLException {
        pool = ScratchPool.open(dir.resolve("commit.db"), 3);
        committer = new GroupCommitter(pool, new CommitSettings(), Dialect.SQLITE);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        committer.close();
        pool.close();
    }

    @Test
    void underLoadACallersSlowCallbackDoesNotHoldUpLaterCommits() throws Exception {
        CommitSettings oneAtATime = new CommitSettings();
        oneAtATime.setMaxBatch(1); // so that work queued behind a batch stays queued: the writer is under load
        committer.close();
        committer = new GroupCommitter(pool, oneAtATime, Dialect.SQLITE);
        CountDownLatch holdWriter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch callbackRunning = new CountDownLatch(1);
        committer.submit(c -> {
            awaitQuietly(holdWriter); // the writer is busy while the next two pieces of work queue up behind it
            return ScratchPool.insert(c, 1);
        });
        CompletableFuture<Void> slow = committer.submit(c -> ScratchPool.insert(c, 2)).thenRun(() -> {
            callbackRunning.countDown();
            awaitQuietly(release);
        });
        committer.submit(c -> ScratchPool.insert(c, 3));
        holdWriter.countDown();
        try {
            assertThat(callbackRunning.await(10, TimeUnit.SECONDS)).isTrue();
            committer.submit(c -> ScratchPool.insert(c, 4));
            // later work is committed (seen from another connection) while the first caller's callback still blocks
            await().atMost(Duration.ofSeconds(10)).until(() -> count() == 4);
            assertThat(slow).isNotDone();
        } finally {
            release.countDown();
        }
        slow.get(10, TimeUnit.SECONDS);
    }

    @Test
    void futuresCompleteInCommitOrderAfterTheirWorkIsVisible() throws Exception {
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            int v = i;
            all.add(committer.submit(c -> ScratchPool.insert(c, v)).thenRun(() -> {
                assertThat(countQuietly()).as("work of item %d committed before its future completes", v).isGreaterThanOrEqualTo(v);
                order.add(v);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(order).isSorted().hasSize(200);
    }

    @Test
    void aStoppedCommitterStillCompletesTheFuturesOfCommittedWork() throws Exception {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            int v = i;
            all.add(committer.submit(c -> ScratchPool.insert(c, v)));
        }
        committer.close();
        for (CompletableFuture<Integer> f : all) {
            assertThat(f).succeedsWithin(Duration.ofSeconds(1));
        }
        assertThat(count()).isEqualTo(50);
    }

    @Test
    void statsShowTheWorkQueuedBehindABusyWriterCommittedTogether() throws Exception {
        CountDownLatch holdWriter = new CountDownLatch(1);
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        all.add(committer.submit(c -> {
            awaitQuietly(holdWriter); // 49 more pieces of work queue up while the writer is in this one
            return ScratchPool.insert(c, 0);
        }));
        for (int i = 1; i < 50; i++) {
            int v = i;
            all.add(committer.submit(c -> ScratchPool.insert(c, v)));
        }
        holdWriter.countDown();
        for (CompletableFuture<Integer> f : all) {
            assertThat(f).succeedsWithin(Duration.ofSeconds(10));
        }
        CommitStats.Totals t = committer.stats();
        assertThat(t.items()).isEqualTo(50);
        // the held one (with whatever the writer drained along with it), then everything that queued behind it together
        assertThat(t.commits()).isBetween(1L, 2L);
        assertThat(t.workNanos()).isPositive();
        assertThat(t.commitNanos()).isPositive();
    }


    private long count() throws SQLException {
        return ScratchPool.count(pool);
    }

    private long countQuietly() {
        try {
            return count();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
