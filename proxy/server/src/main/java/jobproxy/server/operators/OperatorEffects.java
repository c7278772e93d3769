package jobproxy.server.operators;

import jakarta.inject.Singleton;
import jobproxy.admin.ports.AfterCommit;
import jobproxy.db.jobs.Dispatch;
import jobproxy.server.await.JobWatchers;
import jobproxy.server.outbox.OutboxRelay;

import java.util.List;

/** After an operator's action committed: owed messages go to this node's outbox relay, AwaitJob callers are woken. */
@Singleton
public class OperatorEffects implements AfterCommit {
    private final OutboxRelay relay;
    private final JobWatchers watchers;

    public OperatorEffects(OutboxRelay relay, JobWatchers watchers) {
        this.relay = relay;
        this.watchers = watchers;
    }

    @Override
    public void send(List<Dispatch> owed) {
        if (!owed.isEmpty()) {
            relay.sendSoon(owed);
        }
    }

    @Override
    public void finished(String jobId) {
        watchers.finished(jobId);
    }
}
