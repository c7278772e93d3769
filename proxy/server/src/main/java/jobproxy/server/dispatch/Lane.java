package jobproxy.server.dispatch;

import jobproxy.server.broker.BrokerConnection;
import jobproxy.server.broker.JobQueues;
import jobproxy.server.catalog.LocalPerformer;
import jobproxy.server.config.DispatchSettings;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One performer's consumer on this node: a thread that takes messages from the performer's queue only while its
 * {@link ClaimWindow} has room (a worker is free, or the lane may claim a little ahead of its workers), and a bounded
 * worker pool whose queue holds the jobs claimed ahead. The lane thread gives back a claimed job that waited too long
 * for a worker. Artemis sessions are single-threaded, so acks from workers are queued and sent by the lane thread itself.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    private final LocalPerformer performer;
    private final BrokerConnection broker;
    private final BiConsumer<Lane, ClientMessage> handler;
    private final ClaimWindow window;
    private final BiConsumer<Lane, ClaimedJob> giveBack;
    private final int concurrency;
    private final Workers workers;
    private final Queue<ClientMessage> acks = new ConcurrentLinkedQueue<>();
    /** Attempts whose performer returned and whose outcome is not committed yet (they hold no worker slot). */
    private final AtomicInteger pendingOutcomes = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientConsumer consumer;

    Lane(LocalPerformer performer, int concurrency, DispatchSettings settings, BrokerConnection broker,
         BiConsumer<Lane, ClientMessage> handler, BiConsumer<Lane, ClaimedJob> giveBack) {
        this.performer = performer;
        this.broker = broker;
        this.handler = handler;
        this.giveBack = giveBack;
        this.concurrency = concurrency;
        this.window = new ClaimWindow(concurrency, settings.getClaimAhead(), settings.getClaimAheadMaxRun().toNanos(),
                System::nanoTime);
        this.workers = new Workers(performer.name(), concurrency, settings.getClaimAheadMaxWait().toNanos());
        this.thread = new Thread(this::loop, "jobproxy-lane-" + performer.name());
        this.thread.setDaemon(true);
    }

    LocalPerformer performer() {
        return performer;
    }

    /** Queues a claimed job for the next free worker; {@code perform} runs it there. */
    void hold(RunningAttempt attempt, ClientMessage m, Runnable perform) {
        ClaimedJob job = new ClaimedJob(attempt, m, System.nanoTime(), window, perform);
        if (running) {
            workers.run(job);
        } else {
            giveBack.accept(this, job); // its claim was in flight when the node began to stop
        }
    }

    void start() {
        thread.start();
    }

    /** The message is spent (outcome committed, or the job was not claimable): ack it from the lane thread. */
    void ack(ClientMessage m) {
        acks.add(m);
    }

    /** Counts the attempt's outcome as in flight until {@code recorded} completes (its commit and ack). */
    void outcomePending(CompletableFuture<?> recorded) {
        pendingOutcomes.incrementAndGet();
        recorded.whenComplete((ok, error) -> pendingOutcomes.decrementAndGet());
    }

    /** A place in the window is free again (its message was spent, or its claimed job given back). */
    void release() {
        window.release();
    }

    boolean tryAcquire() {
        return window.tryAcquire();
    }

    private void loop() {
        while (running) {
            try {
                if (session == null) {
                    open();
                }
                drainAcks();
                giveBackOverdue();
                if (!window.acquire(20)) {
                    continue;
                }
                ClientMessage m = consumer.receive(20);
                if (m == null) {
                    window.release();
                    continue;
                }
                handler.accept(this, m); // owns the permit from here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("lane {}: broker session failed, reconnecting: {}", performer.name(), e.toString());
                closeSession();
                sleepQuietly(1000);
            }
        }
    }

    private void open() throws Exception {
        factory = broker.newFactory();
        session = broker.newSession(factory, true, true);
        SimpleString queue = JobQueues.queueFor(performer.name());
        broker.ensureQueue(session, queue);
        consumer = broker.newConsumer(session, queue, concurrency);
        session.start();
    }

    /** Gives back the claimed jobs that waited longer than the bound for a worker. */
    private void giveBackOverdue() {
        long now = System.nanoTime();
        for (ClaimedJob job : workers.takeOverdue(now)) {
            LOG.info("lane {}: giving back job {}: claimed ahead, it waited {} ms for a worker", performer.name(),
                    job.attempt.job.id(), (now - job.claimedAt) / 1_000_000);
            giveBack.accept(this, job);
        }
    }

    /** The claimed jobs no worker has taken yet, removed from the queue (the node stops: they are given back). */
    List<ClaimedJob> takeWaiting() {
        return workers.takeWaiting();
    }

    private void drainAcks() {
        for (ClientMessage m; (m = acks.poll()) != null; ) {
            try {
                m.individualAcknowledge();
            } catch (Exception e) {
                // the session that delivered it is gone; the broker redelivers and the claim guard drops it
                LOG.debug("lane {}: ack failed: {}", performer.name(), e.toString());
            }
        }
    }

    /** Stops taking messages; running attempts go on. */
    void stopReceiving() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }

    /** Waits up to {@code millis} for the running attempts and their outcomes' commits; true when all finished. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!idle() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        return idle();
    }

    private boolean idle() {
        return window.held() == 0 && pendingOutcomes.get() == 0;
    }

    /** After the attempts ended: send the last acks and close; unacked messages go back to the queue. */
    void close() {
        workers.shutdownNow();
        drainAcks();
        closeSession();
    }

    private void closeSession() {
        try {
            if (factory != null) {
                factory.close();
            }
        } catch (Exception ignored) {
            // closing a broken connection
        }
        factory = null;
        session = null;
        consumer = null;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
