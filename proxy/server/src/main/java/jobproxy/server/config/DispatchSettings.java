package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** jobproxy.dispatch.* — how this node runs jobs. */
@ConfigurationProperties("jobproxy.dispatch")
public class DispatchSettings {
    /** Jobs of one performer run at once on this node; 0: the performer's own default. */
    private int concurrency = 0;
    /** Per performer name, overrides both the above and the performer's default. */
    private Map<String, Integer> performerConcurrency = new HashMap<>();
    /** A PROCESSING job's lease; renewed every lease/3 while it runs. A dead node's jobs are rescued after it. */
    private Duration lease = Duration.ofSeconds(60);
    /** On shutdown, how long running attempts may finish before they are interrupted (and retried later). */
    private Duration shutdownGrace = Duration.ofSeconds(30);
    /** How often expired leases are looked for. */
    private Duration reaperInterval = Duration.ofSeconds(5);
    /**
     * Jobs a lane may claim per worker beyond its workers, so a worker that finishes finds its next job claimed
     * (0: claim only for a free worker). Only while every busy worker started its attempt under claimAheadMaxRun ago.
     * 5 rather than 2: more claims and outcomes in flight share each commit of the one SQLite writer (end-to-end
     * +20-30 % in alternating quick runs, README Benchmarks, fourteenth session); the broker prefetch stays as it was,
     * so a node whose workers are all busy still holds only a few messages.
     */
    private int claimAhead = 5;
    /** A lane claims ahead only while no worker has been on one attempt for longer than this. */
    private Duration claimAheadMaxRun = Duration.ofMillis(10);
    /** A job claimed ahead that waited this long for a worker is given back (unclaimed) for any node to take. */
    private Duration claimAheadMaxWait = Duration.ofSeconds(1);

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Map<String, Integer> getPerformerConcurrency() {
        return performerConcurrency;
    }

    public void setPerformerConcurrency(Map<String, Integer> performerConcurrency) {
        this.performerConcurrency = performerConcurrency;
    }

    /** Jobs of this performer this node runs at once: per-performer setting, else node setting, else its default. */
    public int concurrencyOf(String performer, int performerDefault) {
        // configuration keys arrive normalised (SendEmail, sendemail, send-email): compare the same way
        for (Map.Entry<String, Integer> e : performerConcurrency.entrySet()) {
            if (normalise(e.getKey()).equals(normalise(performer)) && e.getValue() != null && e.getValue() > 0) {
                return e.getValue();
            }
        }
        return concurrency > 0 ? concurrency : performerDefault;
    }

    private static String normalise(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
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

    public int getClaimAhead() {
        return claimAhead;
    }

    public void setClaimAhead(int claimAhead) {
        if (claimAhead < 0) {
            throw new IllegalArgumentException("jobproxy.dispatch.claim-ahead must be 0 or more, got " + claimAhead);
        }
        this.claimAhead = claimAhead;
    }

    public Duration getClaimAheadMaxRun() {
        return claimAheadMaxRun;
    }

    public void setClaimAheadMaxRun(Duration claimAheadMaxRun) {
        this.claimAheadMaxRun = positive("claim-ahead-max-run", claimAheadMaxRun);
    }

    public Duration getClaimAheadMaxWait() {
        return claimAheadMaxWait;
    }

    public void setClaimAheadMaxWait(Duration claimAheadMaxWait) {
        this.claimAheadMaxWait = positive("claim-ahead-max-wait", claimAheadMaxWait);
    }

    private static Duration positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("jobproxy.dispatch." + key + " must be a positive duration, got " + d);
        }
        return d;
    }
}
