package jobproxy.server.maintenance;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.commit.WalCheckpoints;
import jobproxy.db.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies SQLite's WAL into the database file on a thread of its own. Left to SQLite, the connection that commits runs
 * that copy whenever the WAL passes wal_autocheckpoint pages, and here that is the group committer's one writer, the
 * thread every enqueue, claim and outcome waits for. A PASSIVE checkpoint never waits for the writer, so it cannot
 * always finish under steady writes; SQLite's own checkpoint stays as the backstop (it then has only the frames
 * written since the last pass left to copy, and rewinds the WAL). Nothing to do on PostgreSQL.
 */
@Context
public class WalCheckpointer {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final DataSource dataSource;
    private final GroupCommitter committer;
    private final Periodic timer;
    private final AtomicLong passes = new AtomicLong();
    private long committedBefore = -1;

    public WalCheckpointer(DataSource dataSource, Dialect dialect, GroupCommitter committer,
                           @Value("${jobproxy.maintenance.wal-checkpoint-interval:200ms}") Duration every) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("jobproxy.maintenance.wal-checkpoint-interval must be 0 (off) or more, not "
                    + every);
        }
        this.dataSource = dataSource;
        this.committer = committer;
        this.timer = dialect == Dialect.SQLITE && !every.isZero()
                ? Periodic.every(every, "wal-checkpoint", this::checkpoint) : null;
    }

    /** Checkpoints run so far (tests, diagnostics). */
    public long passes() {
        return passes.get();
    }

    void checkpoint() {
        long committed = committer.stats().commits();
        if (committed == committedBefore) {
            return; // nothing written since the last pass
        }
        committedBefore = committed;
        try {
            WalCheckpoints.Result r = WalCheckpoints.passive(dataSource);
            passes.incrementAndGet();
            LOG.debug("WAL checkpoint: {} of {} frames copied{}", r.copiedFrames(), r.walFrames(), r.busy() ? " (busy)" : "");
        } catch (Exception e) {
            LOG.warn("WAL checkpoint failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.close();
        }
    }
}
