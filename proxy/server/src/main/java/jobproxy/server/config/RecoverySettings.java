package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** jobproxy.recovery.* — lost-message recovery. */
@ConfigurationProperties("jobproxy.recovery")
public class RecoverySettings {
    /** How often overdue jobs are looked for. */
    private Duration orphanInterval = Duration.ofSeconds(10);
    /** A ready job must be overdue by this much before its message counts as lost. */
    private Duration orphanGrace = Duration.ofSeconds(30);

    public Duration getOrphanInterval() {
        return orphanInterval;
    }

    public void setOrphanInterval(Duration orphanInterval) {
        this.orphanInterval = orphanInterval;
    }

    public Duration getOrphanGrace() {
        return orphanGrace;
    }

    public void setOrphanGrace(Duration orphanGrace) {
        this.orphanGrace = orphanGrace;
    }
}
