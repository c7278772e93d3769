package jobproxy.server.testing;

import jakarta.inject.Singleton;
import jobproxy.performer.Backoff;
import jobproxy.performer.JobContext;
import jobproxy.performer.JobDefaults;
import jobproxy.performer.JobMeta;
import jobproxy.performer.Performer;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Fails while {@code failTimes} says so and records its own hook calls. */
@Singleton
public class Hooked extends Performer<Hooked.Payload, String> {
    public record Payload(int failTimes) {
    }

    public record Call(String kind, String jobId, int attempt, boolean isFinal, String detail) {
    }

    public static final Queue<Call> CALLS = new ConcurrentLinkedQueue<>();

    @Override
    public String perform(Payload payload, JobContext ctx) {
        if (ctx.attempt() <= payload.failTimes()) {
            throw new IllegalStateException("hooked failure " + ctx.attempt());
        }
        return "ok";
    }

    @Override
    protected void onSuccess(Payload payload, String result, JobMeta meta) {
        CALLS.add(new Call("success", meta.jobId(), meta.attempt(), true, result));
    }

    @Override
    protected void onFailure(Payload payload, Throwable error, JobMeta meta, boolean isFinal) {
        CALLS.add(new Call("failure", meta.jobId(), meta.attempt(), isFinal, error.getMessage()));
    }

    @Override
    protected JobDefaults defaults() {
        return JobDefaults.maxAttempts(2).backoff(Backoff.fixed(Duration.ofMillis(10)));
    }
}
