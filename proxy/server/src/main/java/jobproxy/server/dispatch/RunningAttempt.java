package jobproxy.server.dispatch;

import jobproxy.db.jobs.JobRow;

import java.util.concurrent.atomic.AtomicBoolean;

/** One attempt in flight on this node: who runs it, and whether its outcome has been claimed for recording. */
final class RunningAttempt {
    final JobRow job;
    final AttemptContext context;
    /** When a worker began it (a job claimed ahead may wait for one after its claim). */
    volatile long startedAt = System.currentTimeMillis();
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Thread thread;
    /** Until when this node's lease on the job is known to hold; past it, the attempt must stop (it may be rescued). */
    volatile long leaseUntil;

    /** Acks its broker message; set at the claim, so that a job that loses its lease while it waits is acked too. */
    private final Runnable ack;

    RunningAttempt(JobRow job, long leaseUntil, Runnable ack) {
        this.job = job;
        this.context = new AttemptContext(job);
        this.leaseUntil = leaseUntil;
        this.ack = ack;
    }

    /** A worker begins it: the thread to interrupt, and the start its hooks see. */
    void bind(Thread t) {
        startedAt = System.currentTimeMillis();
        thread = t;
    }

    /** Acks the broker message: the attempt is over for this node, whatever the database says. */
    void ack() {
        ack.run();
    }

    /** Exactly one of: the performer's own result, the timeout watchdog, the shutdown, records the outcome. */
    boolean claimReport() {
        return reported.compareAndSet(false, true);
    }

    /** Asks the performer to stop: flag for {@code ctx.isCancelled()} and a thread interrupt. */
    void interrupt() {
        context.cancel();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
