package jobproxy.server.dispatch;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jobproxy.db.jobs.Claim;
import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.catalog.LocalPerformer;
import jobproxy.server.catalog.PerformerCatalog;
import jobproxy.server.config.DispatchRole;
import jobproxy.server.config.DispatchSettings;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs this node's performers (DESIGN §1, §5): a {@link Lane} per performer takes job ids off the broker, claims each
 * job in the database, and runs the claimed attempts. Messages for jobs it cannot claim are acked and dropped.
 */
@Context
@Requires(condition = DispatchRole.class)
public class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final PerformerCatalog catalog;
    private final BrokerConnection broker;
    private final Claims claims;
    private final AttemptRunner runner;
    private final Outcomes outcomes;
    private final DispatchTimers timers;
    private final DispatchSettings settings;
    private final List<Lane> lanes = new ArrayList<>();
    private final RunningAttempts running;
    private final long leaseMs;

    Dispatcher(PerformerCatalog catalog, BrokerConnection broker, Claims claims, AttemptRunner runner, Outcomes outcomes,
               DispatchTimers timers, DispatchSettings settings, RunningAttempts running) {
        this.running = running;
        this.catalog = catalog;
        this.broker = broker;
        this.claims = claims;
        this.runner = runner;
        this.outcomes = outcomes;
        this.timers = timers;
        this.settings = settings;
        this.leaseMs = settings.getLease().toMillis();
    }

    @PostConstruct
    void start() throws Exception {
        broker.start();
        for (LocalPerformer p : catalog.locals()) {
            int concurrency = settings.concurrencyOf(p.name(), p.defaults().concurrency());
            Lane lane = new Lane(p, concurrency, settings, broker, this::handle, this::giveBack);
            lanes.add(lane);
            lane.start();
        }
        LOG.info("dispatching {} performers: {}", lanes.size(), catalog.locals().stream().map(LocalPerformer::name).toList());
    }

    private void handle(Lane lane, ClientMessage m) {
        String jobId = m.getStringProperty(JobQueues.JOB_ID);
        if (jobId == null) {
            LOG.warn("lane {}: message without a job id dropped", lane.performer().name());
            lane.ack(m);
            lane.release();
            return;
        }
        claims.claim(jobId).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("claim of job {} failed, trying again in 1 s: {}", jobId, error.toString());
                lane.release();
                later(lane, m, 1000);
            } else if (result instanceof Claim.Granted granted) {
                RunningAttempt attempt = new RunningAttempt(granted.job(), System.currentTimeMillis() + leaseMs,
                        () -> lane.ack(m));
                running.add(attempt); // its lease is renewed while it waits for a worker, too
                lane.hold(attempt, m, () -> perform(lane, attempt));
            } else if (result instanceof Claim.Refused refused && refused.runAt() > 0) {
                lane.release(); // ready but not due (clock skew between nodes, a stale copy): try again at its time
                later(lane, m, Math.max(1, refused.runAt() - System.currentTimeMillis()));
            } else {
                // blocked on its exclusion key (a release will send it again), finished, cancelled, claimed elsewhere,
                // or deleted: the message is spent
                lane.ack(m);
                lane.release();
            }
        });
    }

    /** On a worker: runs the attempt unless it lost its lease while it waited (the lease keeper spent its message). */
    private void perform(Lane lane, RunningAttempt attempt) {
        CompletableFuture<?> recorded = CompletableFuture.completedFuture(null);
        try {
            if (!attempt.context.isCancelled()) { // else the lease keeper took it over, acked its message and logged it
                recorded = runner.run(lane.performer(), attempt);
            }
        } finally {
            running.remove(attempt);
            lane.outcomePending(recorded); // before its place in the window frees, so a stop waiting for idle sees it
        }
    }

    /** A claimed job no worker took in time, or still waiting at shutdown: back to ready, for any node to claim. */
    private void giveBack(Lane lane, ClaimedJob job) {
        RunningAttempt a = job.attempt;
        if (!a.claimReport()) { // its lease was lost meanwhile: nothing of it is this node's any more
            running.remove(a);
            lane.release();
            return;
        }
        claims.giveBack(a.job).whenComplete((given, error) -> {
            running.remove(a);
            if (error != null) {
                // it stays PROCESSING without renewals: the lease reaper rescues it when the lease runs out
                LOG.warn("could not give back job {} ({}); it is rescued when its lease expires: {}", a.job.id(),
                        a.job.name(), error.toString());
            } else {
                lane.ack(job.message); // spent: the give-back owes the job a new message
            }
            lane.release();
        });
    }

    /** Handles the message again after {@code delayMs}, once a worker slot is free. */
    private void later(Lane lane, ClientMessage m, long delayMs) {
        timers.executor().schedule(() -> {
            if (lane.tryAcquire()) {
                handle(lane, m);
            } else {
                later(lane, m, 50);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Graceful stop: take no more messages, let running attempts finish within the grace period, then interrupt them and
     * record them as failed (retryable), ack only what finished; unacked messages return to the broker.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        LOG.info("dispatcher stopping; {} attempts running", running.all().size());
        int givenBack = 0;
        for (Lane lane : lanes) {
            lane.stopReceiving();
            List<ClaimedJob> waiting = lane.takeWaiting();
            givenBack += waiting.size();
            waiting.forEach(job -> giveBack(lane, job));
        }
        if (givenBack > 0) {
            LOG.info("dispatcher stopping; giving back {} jobs claimed ahead that no worker started", givenBack);
        }
        long end = System.currentTimeMillis() + settings.getShutdownGrace().toMillis();
        for (Lane lane : lanes) {
            lane.awaitIdle(Math.max(0, end - System.currentTimeMillis()));
        }
        for (RunningAttempt a : running.all()) {
            if (a.claimReport()) {
                a.interrupt();
                LocalPerformer p = catalog.local(a.job.name()).orElseThrow();
                InterruptedException why = new InterruptedException("node shutting down: attempt " + a.job.attempts()
                        + " of job " + a.job.id() + " interrupted after the shutdown grace period");
                try {
                    outcomes.failed(p, a.job, null, why, false, a.startedAt).get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("could not record the interruption of job {}; its lease will expire", a.job.id());
                }
            }
        }
        for (Lane lane : lanes) {
            lane.awaitIdle(2_000);
            lane.close();
        }
    }
}
