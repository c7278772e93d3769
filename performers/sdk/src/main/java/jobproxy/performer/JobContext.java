package jobproxy.performer;

import org.slf4j.Logger;

import java.time.Instant;
import java.util.Map;

/** What a running attempt knows about itself. One instance per attempt. */
public interface JobContext {
    String jobId();

    String jobName();

    /** 1 for the first attempt. */
    int attempt();

    int maxAttempts();

    Instant enqueuedAt();

    Map<String, String> tags();

    /** A logger whose lines carry the job id and attempt (MDC keys jobId, job, attempt). */
    Logger log();

    /**
     * Fencing token of this attempt's grant: increases with every grant, so a downstream store can refuse writes
     * carrying an older token than it has seen (a stalled attempt that lost its lease).
     */
    long fencingToken();

    /**
     * True once the attempt should stop: it timed out, the node is shutting down past its grace period, or it lost its
     * lease. The worker thread is also interrupted; long loops should check this.
     */
    boolean isCancelled();
}
