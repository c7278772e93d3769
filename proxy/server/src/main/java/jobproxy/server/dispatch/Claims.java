package jobproxy.server.dispatch;

import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobRow;
import jobproxy.db.jobs.JobStatus;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.config.ProxySettings;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Claims a job for this node (DESIGN I3): the conditional UPDATE decides; a lost claim means drop the message. */
@Singleton
class Claims {
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final JobRepository jobs;
    private final String node;
    private final long leaseMs;

    Claims(GroupCommitter committer, JobTransitions transitions, JobRepository jobs, ProxySettings proxy,
           DispatchSettings dispatch) {
        this.committer = committer;
        this.transitions = transitions;
        this.jobs = jobs;
        this.node = proxy.node();
        this.leaseMs = dispatch.getLease().toMillis();
    }

    CompletableFuture<ClaimResult> claim(String jobId) {
        return committer.submit(c -> {
            long now = System.currentTimeMillis();
            Optional<JobRow> claimed = transitions.claim(c, jobId, node, now, now + leaseMs);
            if (claimed.isPresent()) {
                return new ClaimResult.Claimed(claimed.get());
            }
            // why not? a ready job that is not due yet (clock skew, stale message) is tried again at its time
            Optional<JobRow> row = jobs.find(c, jobId);
            if (row.isPresent() && (row.get().status() == JobStatus.PENDING || row.get().status() == JobStatus.RETRY_PENDING)
                    && row.get().runAt() > now) {
                return new ClaimResult.NotDue(row.get().runAt());
            }
            return new ClaimResult.Gone();
        });
    }
}
