package jobproxy.server.recovery;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.config.RecoverySettings;
import jobproxy.server.maintenance.Periodic;
import jobproxy.server.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Lost-message recovery (DESIGN I2; Kiribi's {@code recover}, automatic): a PENDING / RETRY_PENDING job that is overdue
 * by the grace period, whose message was sent, and whose performer's queue holds no message at all (none ready,
 * scheduled or being delivered), has lost its message (journal wiped, message deleted): it gets a new one. Judging by an
 * empty queue keeps a long but healthy backlog from being re-sent over and over. Safe on many nodes: the re-send is a
 * guarded UPDATE, and a second message for a job is dropped at claim.
 */
@Context
public class OrphanRescuer {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanRescuer.class);
    private static final int BATCH = 1000;

    private final JobRepository jobs;
    private final JobTransitions transitions;
    private final GroupCommitter committer;
    private final BrokerConnection broker;
    private final OutboxRelay relay;
    private final RecoverySettings settings;
    private final Periodic timer;

    public OrphanRescuer(JobRepository jobs, JobTransitions transitions, GroupCommitter committer, BrokerConnection broker,
                         OutboxRelay relay, RecoverySettings settings) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.committer = committer;
        this.broker = broker;
        this.relay = relay;
        this.settings = settings;
        this.timer = Periodic.every(settings.getOrphanInterval(), "orphan-rescuer", this::rescue);
    }

    public void rescue() {
        try {
            long now = System.currentTimeMillis();
            long dueBefore = now - settings.getOrphanGrace().toMillis();
            for (String name : jobs.namesWithOverdueJobs(dueBefore)) {
                if (broker.queueDepth(name) > 0) {
                    continue; // a backlog, not a loss: its jobs will be reached
                }
                List<Dispatch> owed = committer.run(c -> transitions.resend(c, name, dueBefore, BATCH, now));
                if (!owed.isEmpty()) {
                    LOG.warn("{} overdue {} jobs had no message on the broker; re-sending", owed.size(), name);
                    relay.sendSoon(owed);
                }
            }
        } catch (Exception e) {
            LOG.warn("orphan rescue failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.close();
    }
}
