package jobproxy.server.maintenance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A periodic task owned by the service that runs it: started in its @PostConstruct, stopped in its @PreDestroy.
 * Why not Micronaut's @Scheduled: a scheduled method that fires while the context is stopping makes the scheduler look
 * its bean up again, which re-creates beans that were already destroyed (a second dispatcher, a re-registered node).
 * A task that throws is logged and runs again at its next tick.
 */
public final class Periodic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService timer;

    private Periodic(String name, Duration every, Runnable task) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobproxy-" + name);
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", name, e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    public static Periodic every(Duration every, String name, Runnable task) {
        return new Periodic(name, every, task);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
