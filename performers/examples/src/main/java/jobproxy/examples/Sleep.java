package jobproxy.examples;

import jakarta.inject.Singleton;
import jobproxy.performer.JobContext;
import jobproxy.performer.Performer;

import java.util.Map;

/** Sleeps {@code ms} milliseconds and answers to interruption (timeouts, shutdown). */
@Singleton
public class Sleep extends Performer<Sleep.Payload, Map<String, Long>> {
    public record Payload(long ms) {
    }

    @Override
    public Map<String, Long> perform(Payload payload, JobContext ctx) throws InterruptedException {
        Thread.sleep(Math.max(0, payload.ms()));
        return Map.of("slept", payload.ms());
    }
}
