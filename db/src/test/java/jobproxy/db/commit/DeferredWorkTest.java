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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deferred work (the outbox's mark-sent) on a real SQLite file: it rides along with other commits, and is never lost. */
class DeferredWorkTest {
    private static final Duration FOREVER = Duration.ofHours(1);

    @TempDir
    Path dir;
    HikariDataSource pool;
    GroupCommitter committer;

    @BeforeEach
    void setUp() throws SQLException {
        pool = ScratchPool.open(dir.resolve("deferred.db"), 3);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (committer != null) {
            committer.close();
        }
        pool.close();
    }

    @Test
    void deferredWorkJoinsTheNextCommitInsteadOfCostingItsOwn() throws Exception {
        committer = committer(FOREVER); // so that riding along is the only way it can commit
        CompletableFuture<Integer> deferred = committer.submitDeferred(c -> ScratchPool.insert(c, 1));
        assertThat(count()).isZero();

        assertThat(committer.submit(c -> ScratchPool.insert(c, 2))).succeedsWithin(Duration.ofSeconds(10));

        assertThat(deferred).succeedsWithin(Duration.ofSeconds(10));
        assertThat(count()).isEqualTo(2);
        assertThat(committer.stats().commits()).isEqualTo(1);
        assertThat(committer.stats().items()).isEqualTo(2);
    }

    @Test
    void deferredWorkWithNothingToJoinCommitsOnItsOwnOnceItsDelayIsOver() throws Exception {
        committer = committer(Duration.ofMillis(50));

        assertThat(committer.submitDeferred(c -> ScratchPool.insert(c, 1))).succeedsWithin(Duration.ofSeconds(10));

        assertThat(count()).isEqualTo(1);
        assertThat(committer.stats().commits()).isEqualTo(1);
    }

    @Test
    void stoppingCommitsTheDeferredWorkStillWaiting() throws Exception {
        committer = committer(FOREVER);
        CompletableFuture<Integer> deferred = committer.submitDeferred(c -> ScratchPool.insert(c, 1));

        committer.close();

        assertThat(deferred).isCompletedWithValue(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aNegativeDelayIsRefusedByName() {
        CommitSettings settings = new CommitSettings();
        assertThatThrownBy(() -> settings.setDeferMax(Duration.ofMillis(-1)))
                .hasMessageContaining("jobproxy.db.defer-max");
        assertThat(settings.getDeferMax()).isEqualTo(Duration.ofMillis(50));
    }

    private GroupCommitter committer(Duration deferMax) {
        CommitSettings settings = new CommitSettings();
        settings.setDeferMax(deferMax);
        return new GroupCommitter(pool, settings, Dialect.SQLITE);
    }

    private long count() throws SQLException {
        return ScratchPool.count(pool);
    }
}
