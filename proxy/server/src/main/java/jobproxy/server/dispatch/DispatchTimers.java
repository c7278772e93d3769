package jobproxy.server.dispatch;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** One small timer pool for attempt timeouts and delayed re-claims. */
@Singleton
class DispatchTimers {
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "jobproxy-dispatch-timers");
        t.setDaemon(true);
        return t;
    });

    ScheduledExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
