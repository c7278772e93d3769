package jobproxy.examples;

import jakarta.inject.Singleton;
import jobproxy.performer.JobContext;
import jobproxy.performer.Performer;

/** Returns its payload as the result: the no-op job for tests and benchmarks. */
@Singleton
public class Echo extends Performer<Object, Object> {
    @Override
    public Object perform(Object payload, JobContext ctx) {
        return payload;
    }
}
