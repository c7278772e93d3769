package jobproxy.server.dispatch;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.AttemptError;
import jobproxy.db.jobs.AttemptOutcome;
import jobproxy.db.jobs.JobRow;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.Transition;
import jobproxy.performer.JobFailed;
import jobproxy.performer.JobMeta;
import jobproxy.performer.JobSucceeded;
import jobproxy.performer.Performers;
import jobproxy.server.await.JobWatchers;
import jobproxy.server.catalog.LocalPerformer;
import jobproxy.server.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records how an attempt ended as one transition (complete, retry or fail), then, only after the commit: sends the
 * messages it made owed (the retry, the exclusion waiter it released), wakes waiters, and calls the performer's hooks
 * and the application events. A write refused because the attempt no longer holds the job (its lease expired and it
 * was rescued: the fencing guard) changes nothing.
 */
@Singleton
class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);
    private static final int MAX_MESSAGE = 4000;
    private static final int MAX_STACK = 16_000;

    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final OutboxRelay relay;
    private final JobWatchers watchers;
    private final ApplicationEventPublisher<JobSucceeded> succeededEvents;
    private final ApplicationEventPublisher<JobFailed> failedEvents;
    /** After-commit effects run here, never on the database writer thread (hooks may be slow). */
    private final ExecutorService afterCommit = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "jobproxy-after-commit");
        t.setDaemon(true);
        return t;
    });

    Outcomes(GroupCommitter committer, JobTransitions transitions, OutboxRelay relay, JobWatchers watchers,
             ApplicationEventPublisher<JobSucceeded> succeededEvents, ApplicationEventPublisher<JobFailed> failedEvents) {
        this.committer = committer;
        this.transitions = transitions;
        this.relay = relay;
        this.watchers = watchers;
        this.succeededEvents = succeededEvents;
        this.failedEvents = failedEvents;
    }

    /** Completes when the outcome is committed (true) or refused as stale (false). */
    CompletableFuture<Boolean> succeeded(LocalPerformer p, JobRow job, Object payload, Object result, String resultJson,
                                         long startedAt) {
        return committer.submit(c -> transitions.complete(c, job.id(), job.attempts(), resultJson, System.currentTimeMillis()))
                .thenApplyAsync(t -> {
                    if (!committed(t, job, "finished")) {
                        return false;
                    }
                    JobMeta meta = meta(job, startedAt);
                    hook(job, () -> Performers.onSuccess(p.performer(), payload, result, meta));
                    hook(job, () -> succeededEvents.publishEvent(new JobSucceeded(meta, result)));
                    return true;
                }, afterCommit);
    }

    CompletableFuture<Boolean> failed(LocalPerformer p, JobRow job, Object payload, Throwable error, boolean timedOut,
                                      long startedAt) {
        AttemptError recorded = describe(error, timedOut ? AttemptOutcome.TIMED_OUT : AttemptOutcome.FAILED);
        boolean retry = job.attempts() < job.maxAttempts() && p.defaults().isRetryable(error);
        long now = System.currentTimeMillis();
        long runAt = now + BackoffPolicy.delayMs(job.backoff(), job.attempts(), ThreadLocalRandom.current().nextDouble());
        return committer.submit(c -> retry ? transitions.retry(c, job.id(), job.attempts(), recorded, now, runAt)
                        : transitions.fail(c, job.id(), job.attempts(), recorded, now))
                .thenApplyAsync(t -> {
                    if (!committed(t, job, "failed")) {
                        return false;
                    }
                    JobMeta meta = meta(job, startedAt);
                    hook(job, () -> Performers.onFailure(p.performer(), payload, error, meta, !retry));
                    hook(job, () -> failedEvents.publishEvent(new JobFailed(meta, error, !retry)));
                    return true;
                }, afterCommit);
    }

    /** After-commit bookkeeping shared by every outcome; false when the write was refused as stale. */
    private boolean committed(Transition t, JobRow job, String what) {
        if (!t.applied()) {
            LOG.warn("job {} ({}) attempt {} {} after losing its lease; its outcome was refused (stale fencing token)",
                    job.id(), job.name(), job.attempts(), what);
            return false;
        }
        relay.sendSoon(t.toSend());
        if (t.status().isFinished()) {
            watchers.finished(job.id());
        }
        return true;
    }

    static AttemptError describe(Throwable error, AttemptOutcome outcome) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return new AttemptError(outcome, error.getClass().getName(), truncate(error.getMessage(), MAX_MESSAGE),
                truncate(trace.toString(), MAX_STACK));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "… (truncated)";
    }

    private static JobMeta meta(JobRow job, long startedAt) {
        return new JobMeta(job.id(), job.name(), job.attempts(), job.maxAttempts(), Instant.ofEpochMilli(job.createdAt()),
                Instant.ofEpochMilli(startedAt), Instant.now(), job.tags(), job.payload());
    }

    /** Hooks never change the job: their exceptions are logged. */
    private static void hook(JobRow job, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a success/failure hook of job {} ({}) threw; ignored", job.id(), job.name(), e);
        }
    }

    @PreDestroy
    void close() {
        afterCommit.shutdown();
    }
}
