package jobproxy.server.enqueue;

import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.Enqueued;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.NewJob;
import jobproxy.server.outbox.OutboxRelay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Write-ahead enqueue (DESIGN I1): the jobs are committed (with every other write queued meanwhile: group commit), then
 * the caller is answered and the outbox relay gets the messages. A list is one transaction: all or nothing. A job whose
 * unique key is taken is not stored; its answer carries the holder's id (DESIGN I4).
 */
@Singleton
public class Enqueuer {
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
        return committer.submit(c -> transitions.enqueue(c, jobs, System.currentTimeMillis())).thenApply(answers -> {
            List<Dispatch> owed = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                if (!answers.get(i).duplicate()) {
                    owed.add(new Dispatch(jobs.get(i).id(), jobs.get(i).name(), 1, jobs.get(i).runAt()));
                }
            }
            relay.sendSoon(owed);
            return answers;
        });
    }
}
