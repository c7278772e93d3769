package jobproxy.server.maintenance;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jobproxy.admin.AdminSettings;
import jobproxy.admin.maintenance.FinishedJobSweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes finished jobs older than jobproxy.admin.sweep-older-than (default COMPLETED and CANCELLED after
 * 7 days) every sweep-interval; 0 turns it off. Unique keys keep their own expiry (DESIGN I4).
 */
@Context
public class ScheduledSweep {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledSweep.class);

    private final Periodic timer;

    public ScheduledSweep(FinishedJobSweeper sweeper, AdminSettings settings) {
        this.timer = settings.getSweepInterval().isZero() ? null : Periodic.every(settings.getSweepInterval(),
                "finished-job-sweep", () -> {
                    try {
                        long n = sweeper.sweep(settings.getSweepStatuses(),
                                System.currentTimeMillis() - settings.getSweepOlderThan().toMillis());
                        if (n > 0) {
                            LOG.info("swept {} finished jobs ({} older than {})", n, settings.getSweepStatuses(),
                                    settings.getSweepOlderThan());
                        }
                    } catch (Exception e) {
                        LOG.warn("finished job sweep failed: {}", e.toString());
                    }
                });
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.close();
        }
    }
}
