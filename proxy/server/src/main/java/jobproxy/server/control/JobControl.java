package jobproxy.server.control;

import io.grpc.Status;
import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobRow;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.Transition;
import jobproxy.server.await.JobWatchers;
import jobproxy.server.enqueue.Rejection;
import jobproxy.server.outbox.OutboxRelay;

import java.sql.SQLException;
import java.util.Optional;

/** Caller-driven changes to existing jobs (cancel), with the errors DESIGN I6 asks for. */
@Singleton
public class JobControl {
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final JobRepository jobs;
    private final JobWatchers watchers;
    private final OutboxRelay relay;

    public JobControl(GroupCommitter committer, JobTransitions transitions, JobRepository jobs, JobWatchers watchers,
                      OutboxRelay relay) {
        this.relay = relay;
        this.committer = committer;
        this.transitions = transitions;
        this.jobs = jobs;
        this.watchers = watchers;
    }

    /** cancel: PENDING | BLOCKED | RETRY_PENDING → CANCELLED; NOT_FOUND or FAILED_PRECONDITION otherwise. */
    public JobRow cancel(String jobId) throws SQLException {
        long now = System.currentTimeMillis();
        record Verdict(Transition cancel, Optional<JobRow> row) {
        }
        Verdict v = committer.run(c -> new Verdict(transitions.cancel(c, jobId, now), jobs.find(c, jobId)));
        JobRow row = v.row().orElseThrow(() -> notFound(jobId));
        if (!v.cancel().applied()) {
            throw new Rejection(Status.Code.FAILED_PRECONDITION, "job_id: job " + jobId + " is " + row.status()
                    + "; only PENDING, BLOCKED or RETRY_PENDING jobs can be cancelled");
        }
        relay.sendSoon(v.cancel().toSend());
        watchers.finished(jobId);
        return row;
    }

    public static Rejection notFound(String jobId) {
        return new Rejection(Status.Code.NOT_FOUND, "job_id: no job with id '" + jobId + "'");
    }
}
