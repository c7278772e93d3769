package jobproxy.server.dispatch;

import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Claim;
import jobproxy.db.jobs.JobRow;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.Transition;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.config.ProxySettings;
import jobproxy.server.outbox.OutboxRelay;

import java.util.concurrent.CompletableFuture;

/**
 * Claims a job for this node (DESIGN I3): the conditional UPDATE decides; a refused claim means drop the message. Gives
 * back a claimed job no performer started (it waited too long for a worker, or the node stops): the job owes a new
 * message, sent once the give-back is committed.
 */
@Singleton
class Claims {
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final String node;
    private final long leaseMs;
    private final OutboxRelay relay;

    Claims(GroupCommitter committer, JobTransitions transitions, ProxySettings proxy, DispatchSettings dispatch,
           OutboxRelay relay) {
        this.committer = committer;
        this.relay = relay;
        this.transitions = transitions;
        this.node = proxy.node();
        this.leaseMs = dispatch.getLease().toMillis();
    }

    CompletableFuture<Claim> claim(String jobId) {
        return committer.submit(c -> transitions.claim(c, jobId, node, System::currentTimeMillis, leaseMs));
    }

    /** Completes once committed: true when the job was given back, false when this attempt no longer held it. */
    CompletableFuture<Boolean> giveBack(JobRow job) {
        return committer.submit(c -> transitions.unclaim(c, job.id(), job.attempts(), System.currentTimeMillis()))
                .thenApply((Transition t) -> {
                    relay.sendSoon(t.toSend());
                    return t.applied();
                });
    }
}
