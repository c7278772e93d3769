package jobproxy.server.testing;

import jakarta.inject.Singleton;
import jobproxy.performer.JobContext;
import jobproxy.performer.JobDefaults;
import jobproxy.performer.Performer;

import java.util.Map;

/**
 * The scriptable test performer: the payload picks the outcome. {@code {"key": "k", "action": "succeed"|"throw"|
 * "sleep"|"hang"|"gate", "ms": N, "failTimes": N}}. Every run is recorded in {@link Runs} (start, end, interrupted) so tests
 * can count runs and check that intervals never overlap.
 */
@Singleton
public class Script extends Performer<Script.Payload, Map<String, Object>> {
    public record Payload(String key, String action, long ms, int failTimes) {
    }

    @Override
    public Map<String, Object> perform(Payload p, JobContext ctx) throws Exception {
        Runs.Run run = Runs.start(ctx.jobId(), p.key(), ctx.attempt());
        try {
            if (ctx.attempt() <= p.failTimes()) {
                throw new IllegalStateException("scripted failure on attempt " + ctx.attempt());
            }
            switch (p.action() == null ? "succeed" : p.action()) {
                case "throw" -> throw new IllegalArgumentException("scripted <error> for " + p.key());
                case "sleep" -> Thread.sleep(p.ms());
                case "hang" -> Thread.sleep(Long.MAX_VALUE);
                case "gate" -> Gates.await(p.key());
                default -> { }
            }
            return Map.of("key", String.valueOf(p.key()), "attempt", ctx.attempt());
        } catch (InterruptedException e) {
            run.interrupted = true;
            throw e;
        } finally {
            run.end();
        }
    }

    @Override
    protected JobDefaults defaults() {
        return JobDefaults.maxAttempts(3).concurrency(8)
                .backoff(jobproxy.performer.Backoff.fixed(java.time.Duration.ofMillis(50)));
    }
}
