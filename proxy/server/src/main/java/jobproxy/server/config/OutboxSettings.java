package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** jobproxy.outbox.* — the relay that gets committed jobs onto the broker. */
@ConfigurationProperties("jobproxy.outbox")
public class OutboxSettings {
    /** How often owed messages are looked for (jobs whose immediate send failed or never happened). */
    private Duration sweepInterval = Duration.ofSeconds(1);
    /** Only rows owed for longer than this are swept, so the sweep does not race the immediate send. */
    private Duration sweepAge = Duration.ofSeconds(2);
    /** Most rows one sweep sends. */
    private int sweepBatch = 1000;
    /**
     * Most ready messages per job name the relay keeps on the embedded broker; further jobs wait owed in the database
     * and are sent, oldest first, as the queue drains below half of it. 0: no limit (a backlog then pages to disk in
     * the broker). Not applied to an external broker, whose ready count this node cannot read.
     */
    private int maxReady = 5_000;

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public Duration getSweepAge() {
        return sweepAge;
    }

    public void setSweepAge(Duration sweepAge) {
        this.sweepAge = sweepAge;
    }

    public int getSweepBatch() {
        return sweepBatch;
    }

    public void setSweepBatch(int sweepBatch) {
        this.sweepBatch = sweepBatch;
    }

    public int getMaxReady() {
        return maxReady;
    }

    public void setMaxReady(int maxReady) {
        if (maxReady < 0) {
            throw new IllegalArgumentException("jobproxy.outbox.max-ready must be 0 (no limit) or more, not " + maxReady);
        }
        this.maxReady = maxReady;
    }
}
