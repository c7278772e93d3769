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
 * hands the outcome to {@link Outcomes}. The lane acks the broker message only after the outcome is committed.
 */
@Singleton
class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    private final Outcomes outcomes;
    private final ScheduledExecutorService timers;

    AttemptRunner(Outcomes outcomes, DispatchTimers timers) {
        this.outcomes = outcomes;
        this.timers = timers.executor();
    }

    /** Returns when the outcome is committed (or when the performer returns, if the timeout recorded it earlier). */
    void run(LocalPerformer p, RunningAttempt a, Runnable ack) {
        a.bind(Thread.currentThread(), ack);
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
                if (a.claimReport()) {
                    await(outcomes.failed(p, a.job, payload, t, false, a.startedAt), ack);
                }
                return;
            }
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (a.claimReport()) {
                await(outcomes.succeeded(p, a.job, payload, result, resultJson, a.startedAt), ack);
            }
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

    /** Waits for the commit on the worker thread, so the lane's permit stays taken until the outcome is durable. */
    private static void await(CompletableFuture<Boolean> written, Runnable ack) {
        try {
            written.join();
            afterCommit(null, ack);
        } catch (RuntimeException e) {
            afterCommit(e, ack);
        }
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
