package jobproxy.db.commit;

import io.micronaut.context.annotation.ConfigurationProperties;

/** jobproxy.db.* — how the group committer batches writes. */
@ConfigurationProperties("jobproxy.db")
public class CommitSettings {
    /** Most pieces of work put in one transaction. */
    private int maxBatch = 512;
    /** How often a batch that hit a busy/locked database is retried before its callers get the error. */
    private int busyRetries = 50;

    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    public int getBusyRetries() {
        return busyRetries;
    }

    public void setBusyRetries(int busyRetries) {
        this.busyRetries = busyRetries;
    }
}
