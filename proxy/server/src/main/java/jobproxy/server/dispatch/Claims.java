package jobproxy.server.dispatch;

import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Claim;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.config.ProxySettings;

import java.util.concurrent.CompletableFuture;

/** Claims a job for this node (DESIGN I3): the conditional UPDATE decides; a refused claim means drop the message. */
@Singleton
class Claims {
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final String node;
    private final long leaseMs;

    Claims(GroupCommitter committer, JobTransitions transitions, ProxySettings proxy, DispatchSettings dispatch) {
        this.committer = committer;
        this.transitions = transitions;
        this.node = proxy.node();
        this.leaseMs = dispatch.getLease().toMillis();
    }

    CompletableFuture<Claim> claim(String jobId) {
        return committer.submit(c -> transitions.claim(c, jobId, node, System::currentTimeMillis, leaseMs));
    }
}
