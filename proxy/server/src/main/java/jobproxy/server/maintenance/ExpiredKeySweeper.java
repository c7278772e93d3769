package jobproxy.server.maintenance;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.unique.UniqueKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Deletes unique keys whose period is over, in small batches, so the table holds only keys that still count. Safe on
 * every node at once (a key deleted twice is deleted once). Expired keys already do not count; this only reclaims space.
 */
@Context
public class ExpiredKeySweeper {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredKeySweeper.class);
    private static final int BATCH = 1000;

    private final GroupCommitter committer;
    private final Periodic timer;

    public ExpiredKeySweeper(GroupCommitter committer, @Value("${jobproxy.maintenance.key-sweep-interval:1m}") Duration every) {
        this.committer = committer;
        this.timer = Periodic.every(every, "expired-key-sweep", this::sweep);
    }

    void sweep() {
        try {
            int deleted;
            do {
                deleted = committer.run(c -> UniqueKeys.deleteExpired(c, System.currentTimeMillis(), BATCH));
                if (deleted > 0) {
                    LOG.debug("deleted {} expired unique keys", deleted);
                }
            } while (deleted == BATCH);
        } catch (Exception e) {
            LOG.warn("expired unique key sweep failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.close();
    }
}
