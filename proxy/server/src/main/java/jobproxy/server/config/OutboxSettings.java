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
}
