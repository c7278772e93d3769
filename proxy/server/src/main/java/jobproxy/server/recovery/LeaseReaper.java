package jobproxy.server.recovery;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.AttemptError;
import jobproxy.db.jobs.AttemptOutcome;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobStatus;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.await.JobWatchers;
import jobproxy.server.config.DispatchRole;
import jobproxy.server.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rescues jobs whose node died (DESIGN I2): a PROCESSING job whose lease expired goes back to RETRY_PENDING (or FAILED
 * when out of attempts), its attempt recorded as failed with "node lost". Safe on every node at once: the transition's
 * guard lets exactly one rescue win, and a holder that renewed meanwhile is left alone.
 */
@Singleton
@Requires(condition = DispatchRole.class)
public class LeaseReaper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

    private final JobRepository jobs;
    private final JobTransitions transitions;
    private final GroupCommitter committer;
    private final OutboxRelay relay;
    private final JobWatchers watchers;

    public LeaseReaper(JobRepository jobs, JobTransitions transitions, GroupCommitter committer, OutboxRelay relay,
                       JobWatchers watchers) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.committer = committer;
        this.relay = relay;
        this.watchers = watchers;
    }

    @Scheduled(fixedDelay = "${jobproxy.dispatch.reaper-interval:5s}")
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
        Optional<JobStatus> after = committer.run(c -> transitions.expireLease(c, jobId, attempt, lost, now));
        if (after.isEmpty()) {
            return;
        }
        LOG.warn("job {} attempt {}: node lost, job is now {}", jobId, attempt, after.get());
        if (after.get() == JobStatus.FAILED) {
            watchers.finished(jobId);
        } else {
            jobs.find(jobId).ifPresent(j -> relay.sendSoon(List.of(new Dispatch(j.id(), j.name(), j.dispatchSeq(), j.runAt()))));
        }
    }
}
