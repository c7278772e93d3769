package jobproxy.admin.actions;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jobproxy.admin.ports.AfterCommit;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobRow;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.Transition;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Operator actions on existing jobs, each one transition of the state machine (the same ones gRPC uses) in one
 * transaction. A refused action says why: unknown id (NOT_FOUND) or a state the action does not apply to (CONFLICT).
 */
@Singleton
public class JobActions {
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final JobRepository jobs;
    private final Optional<AfterCommit> after;

    public JobActions(GroupCommitter committer, JobTransitions transitions, JobRepository jobs,
                      @Nullable AfterCommit after) {
        this.committer = committer;
        this.transitions = transitions;
        this.jobs = jobs;
        this.after = Optional.ofNullable(after);
    }

    public enum Action { CANCEL, RETRY, DELETE }

    public JobRow cancel(String id) throws SQLException {
        long now = System.currentTimeMillis();
        Outcome o = committer.run(c -> new Outcome(transitions.cancel(c, id, now), jobs.find(c, id), null));
        JobRow row = o.row().orElseThrow(() -> Refusal.notFound(id));
        if (!o.transition().applied()) {
            throw conflict(id, row, "cancelled", "PENDING, BLOCKED or RETRY_PENDING");
        }
        notify(o.transition(), id);
        return row;
    }

    public JobRow retry(String id) throws SQLException {
        long now = System.currentTimeMillis();
        Outcome o = committer.run(c -> {
            JobTransitions.Retry r = transitions.retryNow(c, id, now);
            return new Outcome(r.transition(), jobs.find(c, id), r.uniqueKeyHolder().orElse(null));
        });
        JobRow row = o.row().orElseThrow(() -> Refusal.notFound(id));
        if (o.keyHolder() != null) {
            throw new Refusal(Refusal.Kind.CONFLICT, "unique_key: job " + id + " cannot run again: its unique key '"
                    + row.uniqueKey() + "' is held by job " + o.keyHolder());
        }
        if (!o.transition().applied()) {
            throw conflict(id, row, "retried", "FAILED, CANCELLED, PENDING or RETRY_PENDING");
        }
        after.ifPresent(a -> a.send(o.transition().toSend()));
        return row;
    }

    public void delete(String id) throws SQLException {
        long now = System.currentTimeMillis();
        Outcome o = committer.run(c -> {
            Optional<JobRow> before = jobs.find(c, id);
            return new Outcome(transitions.delete(c, id, now), before, null);
        });
        JobRow row = o.row().orElseThrow(() -> Refusal.notFound(id));
        if (!o.transition().applied()) {
            throw conflict(id, row, "deleted", "any state but PROCESSING (cancel or wait for it first)");
        }
        notify(o.transition(), id);
    }

    /** Applies one action to many jobs, each in its own transition; returns each id's outcome in order. */
    public List<BulkResult> bulk(Action action, List<String> ids) {
        return ids.stream().map(id -> {
            try {
                switch (action) {
                    case CANCEL -> cancel(id);
                    case RETRY -> retry(id);
                    case DELETE -> delete(id);
                }
                return new BulkResult(id, "ok", null);
            } catch (Refusal r) {
                return new BulkResult(id, r.kind().name().toLowerCase(), r.getMessage());
            } catch (SQLException e) {
                return new BulkResult(id, "error", "database: " + e.getMessage());
            }
        }).toList();
    }

    public record BulkResult(String jobId, String outcome, String message) {
    }

    private record Outcome(Transition transition, Optional<JobRow> row, String keyHolder) {
    }

    private void notify(Transition t, String id) {
        after.ifPresent(a -> {
            a.send(t.toSend());
            a.finished(id);
        });
    }

    private static Refusal conflict(String id, JobRow row, String verb, String allowed) {
        return new Refusal(Refusal.Kind.CONFLICT, "job " + id + " is " + row.status() + " and cannot be " + verb
                + "; allowed: " + allowed);
    }
}
