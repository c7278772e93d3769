package jobproxy.server.enqueue;

import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.NewJob;
import jobproxy.server.outbox.OutboxRelay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Write-ahead enqueue (DESIGN I1): the jobs are committed (with every other write queued meanwhile: group commit), then
 * the caller is answered and the outbox relay gets the messages. A list is one transaction: all or nothing.
 */
@Singleton
public class Enqueuer {
    /** What the caller is told for one job. */
    public record Enqueued(String jobId, boolean duplicate) {
    }

    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final OutboxRelay relay;

    public Enqueuer(GroupCommitter committer, JobTransitions transitions, OutboxRelay relay) {
        this.committer = committer;
        this.transitions = transitions;
        this.relay = relay;
    }

    /** Completes after the commit; fails with the database's exception when it could not be written. */
    public CompletableFuture<List<Enqueued>> enqueue(List<NewJob> jobs) {
        return committer.submit(c -> {
            transitions.insert(c, jobs);
            return jobs;
        }).thenApply(committed -> {
            List<Enqueued> out = new ArrayList<>(committed.size());
            List<Dispatch> owed = new ArrayList<>(committed.size());
            for (NewJob j : committed) {
                out.add(new Enqueued(j.id(), false));
                owed.add(new Dispatch(j.id(), j.name(), 1, j.runAt()));
            }
            relay.sendSoon(owed);
            return out;
        });
    }
}
