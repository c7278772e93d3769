package jobproxy.server.outbox;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobRepository;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.config.OutboxSettings;
import jobproxy.server.maintenance.Periodic;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Transactional outbox relay: gets the broker message of every committed ready job onto Artemis. Committed jobs are
 * handed over at once ({@link #sendSoon}) and sent by one thread in broker transactions of whatever has queued up (one
 * journal sync for many jobs); after the broker commit the rows are marked sent. Rows whose send failed or never
 * happened (broker down, process died between commit and send) are found by {@link #sweep} through the outbox index.
 * A message sent twice is delivered twice, and harmless: only one claim of a job succeeds (DESIGN I3; DeliveryTest sends
 * extra copies of every message). Messages carry no Artemis duplicate-detection id on purpose: the broker then journals
 * every id in a persisted cache (100 000 ids were ~25 MiB of heap) and checks it on every send, and that cost every job
 * (measured, quick end-to-end runs: 3 397 jobs/s and 29 full collections with it, 3 918 and 5 without) to save a refused
 * claim in the rare re-send.
 */
@Context
public class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_BATCH = 1000;

    private final BrokerConnection broker;
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final JobRepository jobs;
    private final OutboxSettings settings;
    private final BlockingQueue<Dispatch> queue = new LinkedBlockingQueue<>();
    /** Keys of the dispatches queued or being sent, until their mark-sent is committed (or the send failed). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Backpressure backpressure;
    private final Thread sender;
    private final Periodic sweeper;
    private volatile boolean running = true;
    private boolean brokerDown;

    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientProducer producer;

    public OutboxRelay(BrokerConnection broker, GroupCommitter committer, JobTransitions transitions, JobRepository jobs,
                       OutboxSettings settings) {
        this.broker = broker;
        this.committer = committer;
        this.transitions = transitions;
        this.jobs = jobs;
        this.settings = settings;
        this.backpressure = new Backpressure(broker, jobs, settings.getMaxReady());
        this.sender = new Thread(this::loop, "jobproxy-outbox");
        this.sender.setDaemon(true);
        this.sender.start();
        this.sweeper = Periodic.every(settings.getSweepInterval(), "outbox-sweep", this::sweep);
    }

    /**
     * Hands committed dispatches to the sender thread; never blocks, never fails the caller. A dispatch already queued
     * or being sent is not queued again (hazard seen in ClusterTest logs, 450 000 to 730 000 "duplicate message" warnings
     * in a run: when mark-sent lagged behind the sweep age, every sweep queued the same owed rows again, each batch holding
     * a duplicate fell back to one broker commit per message, the sender fell further behind, and new jobs' messages
     * waited behind the storm for minutes).
     */
    public void sendSoon(Collection<Dispatch> dispatches) {
        for (Dispatch d : dispatches) {
            if (inFlight.add(d.key())) {
                queue.add(d);
            }
        }
    }

    /** Re-sends messages owed for longer than the sweep age (their immediate send failed or never happened). */
    public void sweep() {
        if (!running) {
            return;
        }
        try {
            long owedBefore = System.currentTimeMillis() - settings.getSweepAge().toMillis();
            List<Dispatch> owed = jobs.owedDispatches(owedBefore, settings.getSweepBatch(), Set.copyOf(backpressure.held()));
            if (!owed.isEmpty()) {
                LOG.debug("outbox sweep re-sends {} owed messages", owed.size());
                sendSoon(owed);
            }
        } catch (Exception e) {
            LOG.warn("outbox sweep failed: {}", e.toString());
        }
    }

    private void loop() {
        List<Dispatch> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                // a held name's oldest owed rows that now fit: sent as they are (admit would hold them back again)
                batch.addAll(backpressure.refill(d -> !inFlight.add(d.key())));
                if (!batch.isEmpty()) {
                    relay(batch);
                    batch.clear();
                }
                Dispatch first = queue.poll(backpressure.pollMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Dispatch> admitted = backpressure.admit(batch);
                if (admitted.size() < batch.size()) {
                    landed(without(batch, admitted)); // owed in the database until the queue has room
                }
                if (!admitted.isEmpty()) {
                    relay(admitted);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                landed(batch); // what was not sent is owed in the database, for the sweep to find
                if (!brokerDown) {
                    LOG.warn("outbox: sending {} messages failed, the sweep will retry: {}", batch.size(), e.toString());
                    brokerDown = true;
                }
                closeSession();
                pause();
            } finally {
                batch.clear();
            }
        }
    }

    /** Sends, then marks sent: deferred, as nobody waits for it and a claim of the job clears the flag itself. */
    private void relay(List<Dispatch> batch) throws Exception {
        List<Dispatch> sent = List.copyOf(batch);
        try {
            send(sent);
        } catch (Exception e) {
            landed(sent);
            throw e;
        }
        committer.submitDeferred(c -> {
            transitions.markSent(c, sent);
            return null;
        }).whenComplete((ok, error) -> {
            landed(sent); // no longer owed, or owed again for the sweep to find
            if (error != null) {
                LOG.warn("outbox: could not mark {} messages sent (they will be re-sent): {}", sent.size(), error.toString());
            }
        });
        if (brokerDown) {
            LOG.info("outbox: broker reachable again");
            brokerDown = false;
        }
    }

    private static List<Dispatch> without(List<Dispatch> all, List<Dispatch> some) {
        Set<Dispatch> taken = new HashSet<>(some);
        return all.stream().filter(d -> !taken.contains(d)).toList();
    }

    private void landed(List<Dispatch> dispatches) {
        dispatches.forEach(d -> inFlight.remove(d.key()));
    }

    /** Sends the batch in one broker transaction (one durable journal write). */
    private void send(List<Dispatch> batch) throws Exception {
        openSession();
        for (Dispatch d : batch) {
            produce(d);
        }
        session.commit();
    }

    private void produce(Dispatch d) throws Exception {
        SimpleString queue = JobQueues.queueFor(d.name());
        broker.ensureQueue(session, queue);
        ClientMessage m = session.createMessage(true);
        m.putStringProperty(JobQueues.JOB_ID, d.jobId());
        if (d.runAt() > System.currentTimeMillis()) {
            m.putLongProperty(Message.HDR_SCHEDULED_DELIVERY_TIME, d.runAt());
        }
        producer.send(queue, m);
    }

    private void openSession() throws Exception {
        if (session == null) {
            factory = broker.newFactory();
            session = broker.newSession(factory, false, true);
            producer = session.createProducer();
        }
    }

    private void closeSession() {
        try {
            if (factory != null) {
                factory.close();
            }
        } catch (Exception ignored) {
            // the connection is broken anyway
        }
        factory = null;
        session = null;
        producer = null;
        broker.forgetQueues();
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    public void close() throws InterruptedException {
        sweeper.close();
        running = false;
        sender.join(10_000);
        closeSession();
    }
}
