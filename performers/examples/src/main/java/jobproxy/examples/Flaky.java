package jobproxy.examples;

import jakarta.inject.Singleton;
import jobproxy.performer.Backoff;
import jobproxy.performer.JobContext;
import jobproxy.performer.JobDefaults;
import jobproxy.performer.Performer;

import java.time.Duration;
import java.util.Map;

/** Throws on the first {@code failTimes} attempts, then returns {@code {"attempt": n}}: shows retries and history. */
@Singleton
public class Flaky extends Performer<Flaky.Payload, Map<String, Integer>> {
    public record Payload(int failTimes) {
    }

    @Override
    public Map<String, Integer> perform(Payload payload, JobContext ctx) {
        if (ctx.attempt() <= payload.failTimes()) {
            throw new IllegalStateException("Flaky: failing attempt " + ctx.attempt() + " of " + payload.failTimes());
        }
        return Map.of("attempt", ctx.attempt());
    }

    /** Short backoff so a demo shows retries within seconds; callers can still set their own. */
    @Override
    protected JobDefaults defaults() {
        return JobDefaults.maxAttempts(3).backoff(Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.1));
    }
}
