package jobproxy.db.commit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the group committer did since start: transactions, pieces of work in them, and the writer's time in the work
 * versus in the commit itself (on SQLite mostly the fsync). Items per commit near the number of dispatch workers means
 * the writer runs in lock-step with them (the 2026-12-02 benchmark notes say how that was found); commit time near the
 * whole means the disk is the limit. Logged at DEBUG by {@code jobproxy.db.commit.CommitStats} every ten seconds of use.
 */
public final class CommitStats {
    private static final Logger LOG = LoggerFactory.getLogger(CommitStats.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    /** A snapshot; times in nanoseconds. */
    public record Totals(long commits, long items, long workNanos, long commitNanos) {
    }

    private final LongAdder commits = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder workNanos = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private long loggedAt = System.nanoTime();
    private Totals logged = new Totals(0, 0, 0, 0);

    /** Called by a writer after each committed transaction. */
    void committed(int batch, long workNanos, long commitNanos) {
        commits.increment();
        items.add(batch);
        this.workNanos.add(workNanos);
        this.commitNanos.add(commitNanos);
        if (LOG.isDebugEnabled()) {
            logNowAndThen();
        }
    }

    public Totals totals() {
        return new Totals(commits.sum(), items.sum(), workNanos.sum(), commitNanos.sum());
    }

    private synchronized void logNowAndThen() {
        long now = System.nanoTime();
        if (now - loggedAt < LOG_EVERY_NANOS) {
            return;
        }
        Totals t = totals();
        long n = t.commits() - logged.commits();
        LOG.debug("group commit: commits={} items_per_commit={} work_ms={} commit_ms={} over_ms={}", n,
                String.format("%.1f", (t.items() - logged.items()) / (double) n),
                (t.workNanos() - logged.workNanos()) / 1_000_000, (t.commitNanos() - logged.commitNanos()) / 1_000_000,
                (now - loggedAt) / 1_000_000);
        loggedAt = now;
        logged = t;
    }
}
