package jobproxy.server.recovery;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.AttemptError;
import jobproxy.db.jobs.AttemptOutcome;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobStatus;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.Transition;
import jobproxy.server.await.JobWatchers;
import jobproxy.server.config.DispatchRole;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.maintenance.Periodic;
import jobproxy.server.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Rescues jobs whose node died (DESIGN I2): a PROCESSING job whose lease expired goes back to RETRY_PENDING (or FAILED
 * when out of attempts), its attempt recorded as failed with "node lost". Safe on every node at once: the transition's
 * guard lets exactly one rescue win, and a holder that renewed meanwhile is left alone.
 */
@Context
@Requires(condition = DispatchRole.class)
public class LeaseReaper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

    private final JobRepository jobs;
    private final JobTransitions transitions;
    private final GroupCommitter committer;
    private final OutboxRelay relay;
    private final JobWatchers watchers;
    private final Periodic reaper;

    public LeaseReaper(JobRepository jobs, JobTransitions transitions, GroupCommitter committer, OutboxRelay relay,
                       JobWatchers watchers, DispatchSettings settings) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.committer = committer;
        this.relay = relay;
        this.watchers = watchers;
        this.reaper = Periodic.every(settings.getReaperInterval(), "lease-reaper", this::reap);
    }

    @PreDestroy
    void stop() {
        reaper.close();
    }

    public void reap() {
        try {
            long now = System.currentTimeMillis();
            for (Map.Entry<String, Integer> expired : jobs.expiredLeases(now, 200)) {
                rescue(expired.getKey(), expired.getValue(), now);
            }
        } catch (Exception e) {
            LOG.warn("lease reaper failed: {}", e.toString());
        }
    }

    private void rescue(String jobId, int attempt, long now) throws Exception {
        AttemptError lost = new AttemptError(AttemptOutcome.FAILED, "jobproxy.NodeLost",
                "node lost: the lease of attempt " + attempt + " expired before it finished", null);
        Transition t = committer.run(c -> transitions.expireLease(c, jobId, attempt, lost, now));
        if (!t.applied()) {
            return;
        }
        LOG.warn("job {} attempt {}: node lost, job is now {}", jobId, attempt, t.status());
        relay.sendSoon(t.toSend());
        if (t.status() == JobStatus.FAILED) {
            watchers.finished(jobId);
        }
    }
}
