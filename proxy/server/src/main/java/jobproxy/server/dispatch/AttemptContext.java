package jobproxy.server.dispatch;

import jobproxy.db.jobs.JobRow;
import jobproxy.performer.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

/** The JobContext of one running attempt. */
final class AttemptContext implements JobContext {
    private final JobRow job;
    private final Logger log;
    private volatile boolean cancelled;

    AttemptContext(JobRow job) {
        this.job = job;
        this.log = LoggerFactory.getLogger("jobproxy.job." + job.name());
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public String jobName() {
        return job.name();
    }

    @Override
    public int attempt() {
        return job.attempts();
    }

    @Override
    public int maxAttempts() {
        return job.maxAttempts();
    }

    @Override
    public Instant enqueuedAt() {
        return Instant.ofEpochMilli(job.createdAt());
    }

    @Override
    public Map<String, String> tags() {
        return job.tags();
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public long fencingToken() {
        return job.fence() == null ? job.attempts() : job.fence();
    }

    @Override
    public boolean isCancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    void cancel() {
        cancelled = true;
    }
}
