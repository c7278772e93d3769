package jobproxy.server.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lane's bounded worker pool, whose queue holds the jobs claimed ahead of its workers (FIFO: the job that has waited
 * longest is at the head). The lane takes back the jobs that waited past the bound, and at a stop those still waiting,
 * to give them back.
 */
final class Workers {
    private static final long CHECK_EVERY_NANOS = 50_000_000L;

    private final ThreadPoolExecutor pool;
    private final long maxWaitNanos;
    private long lastCheck;

    Workers(String performer, int size, long maxWaitNanos) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, "jobproxy-" + performer + "-" + n.incrementAndGet()));
        this.maxWaitNanos = maxWaitNanos;
    }

    void run(ClaimedJob job) {
        pool.execute(job);
    }

    /** Removes and returns the jobs that waited longer than the bound; looks at most every 50 ms (lane thread only). */
    List<ClaimedJob> takeOverdue(long now) {
        if (now - lastCheck < CHECK_EVERY_NANOS) {
            return List.of();
        }
        lastCheck = now;
        List<ClaimedJob> overdue = new ArrayList<>(0);
        BlockingQueue<Runnable> waiting = pool.getQueue();
        for (Runnable head; (head = waiting.peek()) instanceof ClaimedJob job && now - job.claimedAt > maxWaitNanos; ) {
            if (waiting.remove(job)) { // else a worker took it meanwhile
                overdue.add(job);
            }
        }
        return overdue;
    }

    /** Removes and returns every job no worker has taken yet. */
    List<ClaimedJob> takeWaiting() {
        List<Runnable> taken = new ArrayList<>();
        pool.getQueue().drainTo(taken);
        List<ClaimedJob> jobs = new ArrayList<>(taken.size());
        for (Runnable r : taken) {
            jobs.add((ClaimedJob) r);
        }
        return jobs;
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
