package jobproxy.db.commit;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** jobproxy.db.* — how the group committer batches writes. */
@ConfigurationProperties("jobproxy.db")
public class CommitSettings {
    /** Most pieces of work put in one transaction. */
    private int maxBatch = 512;
    /** How often a batch that hit a busy/locked database is retried before its callers get the error. */
    private int busyRetries = 50;
    /**
     * Writer threads, each committing its own batches. 0: by database, 1 on SQLite (one writer at a time is all it
     * allows) and 4 on PostgreSQL (each statement is a network round trip, so one writer would cap a node at a few
     * hundred jobs/s while the server idles; concurrent batches are safe because every write is a guarded UPDATE or an
     * insert-or-lose on a unique index, and a deadlock between two batches is retried like any transient error).
     */
    private int writers = 0;
    /**
     * Longest time deferred work (nobody waits for it: the outbox's mark-sent) waits to join a transaction the writer
     * commits anyway; only when none comes does it cost a commit of its own. 0: committed like any other work.
     */
    private Duration deferMax = Duration.ofMillis(50);

    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    public int getWriters() {
        return writers;
    }

    public void setWriters(int writers) {
        if (writers < 0) {
            throw new IllegalArgumentException("jobproxy.db.writers must be 0 (by database) or more, not " + writers);
        }
        this.writers = writers;
    }

    public Duration getDeferMax() {
        return deferMax;
    }

    public void setDeferMax(Duration deferMax) {
        if (deferMax == null || deferMax.isNegative()) {
            throw new IllegalArgumentException("jobproxy.db.defer-max must be 0 or more, not " + deferMax);
        }
        this.deferMax = deferMax;
    }

    public int getBusyRetries() {
        return busyRetries;
    }

    public void setBusyRetries(int busyRetries) {
        this.busyRetries = busyRetries;
    }
}
