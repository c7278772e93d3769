package jobproxy.db.commit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jobproxy.db.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: every write of this node goes through writer threads that each run all work queued meanwhile in one
 * transaction, so concurrent enqueues, claims and outcomes share one fsync instead of paying one each. On SQLite there is
 * one writer (SQLite allows one at a time anyway, and this process then never fights itself for the write lock); on
 * PostgreSQL several, so that statement round trips overlap (see {@link CommitSettings#getWriters()}). A work item that throws is isolated: the batch rolls back and its items are re-run one transaction each,
 * so one bad item fails only its own caller. Busy/locked databases (another process writing) are retried with backoff
 * here, never surfaced as a lost job.
 */
@Singleton
public class GroupCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int INLINE_MAX = 8;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private record Item<T>(TxWork<T> work, CompletableFuture<T> done) {
    }

    private final DataSource dataSource;
    private final StatementCache statements = new StatementCache();
    private final CommitSettings settings;
    private final BlockingQueue<Item<?>> queue = new LinkedBlockingQueue<>();
    private final DeferredWork<Item<?>> deferred;
    private final long deferNanos;
    /** How long an idle writer waits for work before it looks at deferred work again. */
    private final long idleNanos;
    private final List<Thread> writers = new ArrayList<>();
    /**
     * Completes the callers' futures, in commit order, off the writer thread while work waits for the writer: whatever
     * a caller chained on its future (a gRPC answer, a claimed job handed to a worker) would otherwise run on the writer,
     * the one thread every job waits for (measured: a tenth of its time under load went to callers' callbacks).
     */
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jobproxy-db-after-commit");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger handedOff = new AtomicInteger();
    private final CommitStats stats = new CommitStats();
    private volatile boolean running = true;

    public GroupCommitter(DataSource dataSource, CommitSettings settings, Dialect dialect) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.deferNanos = settings.getDeferMax().toNanos();
        this.deferred = new DeferredWork<>(deferNanos);
        this.idleNanos = deferNanos > 0 ? Math.min(deferNanos, IDLE_NANOS) : IDLE_NANOS;
        int count = settings.getWriters() > 0 ? settings.getWriters() : dialect.defaultWriters();
        for (int i = 1; i <= count; i++) {
            Thread writer = new Thread(this::loop, "jobproxy-db-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Queues the work; the future completes after the transaction holding it committed (or fails with the cause). */
    public <T> CompletableFuture<T> submit(TxWork<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new SQLException("the database writer is stopped"));
            return done;
        }
        queue.add(new Item<>(work, done));
        return done;
    }

    /**
     * Queues work nobody waits for (the outbox's mark-sent): it joins the next transaction the writer commits anyway,
     * and commits on its own only when none comes within jobproxy.db.defer-max. Hazard it removes: a lone caller's
     * enqueue queued behind the commit of the previous job's mark-sent, one more fsync before its answer. Deferred work
     * may commit after work submitted later; use it only for writes whose order does not matter.
     */
    public <T> CompletableFuture<T> submitDeferred(TxWork<T> work) {
        if (deferNanos == 0) {
            return submit(work);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new SQLException("the database writer is stopped"));
            return done;
        }
        deferred.add(new Item<>(work, done), System.nanoTime());
        return done;
    }

    /** Transactions and items committed so far, and where the writer's time went. */
    public CommitStats.Totals stats() {
        return stats.totals();
    }

    /** Convenience for callers that must wait (maintenance services, tests). */
    public <T> T run(TxWork<T> work) throws SQLException {
        try {
            return submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the database writer", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void loop() {
        List<Item<?>> batch = new ArrayList<>();
        while (running || !queue.isEmpty() || !deferred.isEmpty()) {
            try {
                Item<?> first = queue.poll(deferred.waitNanos(idleNanos, System.nanoTime()), TimeUnit.NANOSECONDS);
                if (first == null && !deferred.due(!running, System.nanoTime())) {
                    continue;
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, settings.getMaxBatch() - 1);
                }
                deferred.drainInto(batch, settings.getMaxBatch()); // deferred work rides along
                if (!batch.isEmpty()) {
                    commitBatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                LOG.error("database writer failed a batch of {}", batch.size(), t);
                batch.forEach(i -> i.done().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
    }

    private void commitBatch(List<Item<?>> batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Throwable failure = tryBatch(batch);
            if (failure == null) {
                return;
            }
            if (batch.size() > 1 && TransientErrors.isConflict(failure)) {
                // a deadlock with another writer (PostgreSQL): big transactions lock many rows in no particular order,
                // so re-running the same batch can deadlock again and again, each costing the server's detection time
                // (1 s); items alone lock a few rows in a fixed order and go through
                LOG.debug("batch of {} lost a deadlock; re-running its items one by one", batch.size());
                for (Item<?> item : batch) {
                    commitBatch(List.of(item));
                }
                return;
            }
            if (TransientErrors.isTransient(failure) && attempt < settings.getBusyRetries()) {
                sleepBackoff(attempt);
                continue;
            }
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(failure);
                return;
            }
            // isolate the item that failed: each one alone, so only its own caller sees the error
            for (Item<?> item : batch) {
                commitBatch(List.of(item));
            }
            return;
        }
    }

    /** Runs the batch in one transaction; completes every future and returns null, or rolls back and returns why. */
    private Throwable tryBatch(List<Item<?>> batch) {
        Object[] results = new Object[batch.size()];
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Connection cached = statements.wrap(c);
                long started = System.nanoTime();
                for (int i = 0; i < batch.size(); i++) {
                    results[i] = batch.get(i).work().run(cached);
                }
                long worked = System.nanoTime();
                c.commit();
                stats.committed(batch.size(), worked - started, System.nanoTime() - worked);
            } catch (Throwable t) {
                rollbackQuietly(c);
                return t;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return e;
        }
        completeAll(batch, results);
        return null;
    }

    /**
     * A small batch with nothing queued behind it completes right here: nobody waits for the writer, and a hand-off
     * would only add a thread wake-up to a lone caller's answer (measured ~0.3 ms of a ~2 ms unary Enqueue). Otherwise
     * the futures complete on {@link #afterCommit}, and once anything is handed off, everything after it is too, so
     * futures still complete in commit order.
     */
    private void completeAll(List<Item<?>> batch, Object[] results) {
        if (batch.size() <= INLINE_MAX && queue.isEmpty() && handedOff.get() == 0) {
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results[i]);
            }
            return;
        }
        List<Item<?>> done = List.copyOf(batch);
        handedOff.incrementAndGet();
        afterCommit.execute(() -> {
            try {
                for (int i = 0; i < done.size(); i++) {
                    complete(done.get(i), results[i]);
                }
            } finally {
                handedOff.decrementAndGet();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Item<T> item, Object result) {
        item.done().complete((T) result);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    private static void sleepBackoff(int attempt) throws InterruptedException {
        long capped = Math.min(200, 2L << Math.min(attempt, 6));
        Thread.sleep(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    @PreDestroy
    public void close() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(10_000);
        }
        afterCommit.shutdown(); // futures of committed work still complete
        afterCommit.awaitTermination(10, TimeUnit.SECONDS);
    }
}
