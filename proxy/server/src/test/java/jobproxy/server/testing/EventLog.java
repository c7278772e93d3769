package jobproxy.server.testing;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import jobproxy.performer.JobFailed;
import jobproxy.performer.JobSucceeded;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Any bean can observe job events; this one records them for tests. */
@Singleton
public class EventLog {
    public final Queue<JobSucceeded> succeeded = new ConcurrentLinkedQueue<>();
    public final Queue<JobFailed> failed = new ConcurrentLinkedQueue<>();

    @EventListener
    void on(JobSucceeded e) {
        succeeded.add(e);
    }

    @EventListener
    void on(JobFailed e) {
        failed.add(e);
    }
}
