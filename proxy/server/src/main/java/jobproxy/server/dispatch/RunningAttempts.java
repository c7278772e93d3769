package jobproxy.server.dispatch;

import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The attempts this node is running now, shared by the dispatcher (adds, removes) and the lease keeper (renews). */
@Singleton
class RunningAttempts {
    private final Map<String, RunningAttempt> byJob = new ConcurrentHashMap<>();

    void add(RunningAttempt a) {
        byJob.put(a.job.id(), a);
    }

    void remove(RunningAttempt a) {
        byJob.remove(a.job.id(), a);
    }

    Collection<RunningAttempt> all() {
        return byJob.values();
    }

    boolean isEmpty() {
        return byJob.isEmpty();
    }
}
