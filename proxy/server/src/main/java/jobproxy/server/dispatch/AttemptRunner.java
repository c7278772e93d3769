package jobproxy.server.dispatch;

import jakarta.inject.Singleton;
import jobproxy.performer.NonRetryableException;
import jobproxy.performer.Performers;
import jobproxy.server.catalog.LocalPerformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one claimed attempt on a lane's worker thread: binds the payload, calls the performer, enforces the timeout
 * (interrupts it and records TIMED_OUT at once, so a performer that ignores interrupts still gets its outcome), and
 * hands the outcome to {@link Outcomes}. The broker message is acked only after the outcome is committed, but the
 * worker does not wait for that commit: its slot takes the next job while the outcome joins the next group commit
 * (hazard measured: a slot held through the commit left ten no-op workers idle most of the time, and the database
 * writer committed batches of five).
 */
@Singleton
class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    private static final CompletableFuture<?> DONE = CompletableFuture.completedFuture(null);

    private final Outcomes outcomes;
    private final ScheduledExecutorService timers;

    AttemptRunner(Outcomes outcomes, DispatchTimers timers) {
        this.outcomes = outcomes;
        this.timers = timers.executor();
    }

    /**
     * Returns when the performer returned. The future completes once the outcome is committed and the message acked;
     * it is already complete when the timeout watchdog recorded the outcome earlier.
     */
    CompletableFuture<?> run(LocalPerformer p, RunningAttempt a) {
        a.bind(Thread.currentThread());
        Runnable ack = a::ack;
        MDC.put("jobId", a.job.id());
        MDC.put("job", a.job.name());
        MDC.put("attempt", String.valueOf(a.job.attempts()));
        ScheduledFuture<?> watchdog = a.job.timeoutMs() == null ? null
                : timers.schedule(() -> timeOut(p, a, ack), a.job.timeoutMs(), TimeUnit.MILLISECONDS);
        Object payload = null;
        try {
            Object result;
            String resultJson;
            try {
                payload = bindPayload(p, a);
                result = Performers.perform(p.performer(), payload, a.context);
                resultJson = p.writeResult(result);
            } catch (Throwable t) {
                if (watchdog != null) {
                    watchdog.cancel(false);
                }
                return a.claimReport() ? acked(outcomes.failed(p, a.job, payload, t, false, a.startedAt), ack) : DONE;
            }
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            return a.claimReport() ? acked(outcomes.succeeded(p, a.job, payload, result, resultJson, a.startedAt), ack) : DONE;
        } finally {
            Thread.interrupted(); // never hand an interrupted thread back to the pool
            MDC.clear();
        }
    }

    private void timeOut(LocalPerformer p, RunningAttempt a, Runnable ack) {
        if (!a.claimReport()) {
            return;
        }
        a.interrupt();
        TimeoutException e = new TimeoutException("attempt " + a.job.attempts() + " of job " + a.job.id() + " ("
                + a.job.name() + ") timed out after " + a.job.timeoutMs() + " ms");
        outcomes.failed(p, a.job, null, e, true, a.startedAt).whenComplete((done, err) -> afterCommit(err, ack));
    }

    private static Object bindPayload(LocalPerformer p, RunningAttempt a) throws NonRetryableException {
        try {
            return p.bind(a.job.payload());
        } catch (Exception e) {
            throw new NonRetryableException("payload of job " + a.job.id() + " does not fit " + p.name() + "'s payload type "
                    + p.payloadTypeName() + ": " + e.getMessage(), e);
        }
    }

    /** The outcome's commit, then the ack: the future completes after both. */
    private static CompletableFuture<?> acked(CompletableFuture<Boolean> written, Runnable ack) {
        return written.whenComplete((done, err) -> afterCommit(err, ack));
    }

    /** Acks once the outcome is committed, also when it was refused as stale (the message is spent either way). */
    private static void afterCommit(Throwable err, Runnable ack) {
        if (err != null) {
            // not acked: the message comes back after the session closes, and the lease reaper rescues the job
            LOG.error("could not record the outcome of an attempt; it will be rescued when its lease expires", err);
            return;
        }
        ack.run();
    }
}
