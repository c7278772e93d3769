package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** jobproxy.dispatch.* — how this node runs jobs. */
@ConfigurationProperties("jobproxy.dispatch")
public class DispatchSettings {
    /** Jobs of one performer run at once on this node; 0: the performer's own default. */
    private int concurrency = 0;
    /** A PROCESSING job's lease; renewed every lease/3 while it runs. A dead node's jobs are rescued after it. */
    private Duration lease = Duration.ofSeconds(60);
    /** On shutdown, how long running attempts may finish before they are interrupted (and retried later). */
    private Duration shutdownGrace = Duration.ofSeconds(30);
    /** How often expired leases are looked for. */
    private Duration reaperInterval = Duration.ofSeconds(5);

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public Duration getReaperInterval() {
        return reaperInterval;
    }

    public void setReaperInterval(Duration reaperInterval) {
        this.reaperInterval = reaperInterval;
    }
}
