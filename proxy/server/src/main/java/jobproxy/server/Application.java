package jobproxy.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts jobproxy with its embedded defaults: SQLite under ./data, embedded Artemis, gRPC :50051, HTTP :8080.
 *
 * The shutdown hook is registered before anything starts. Micronaut's own hook is only registered once startup has
 * finished, but the gRPC listener and the dispatcher already take work during startup: a SIGTERM in that window would
 * otherwise end the process without the graceful stop (running attempts neither finished nor recorded).
 */
public final class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        ApplicationContext context = Micronaut.build(args).banner(false).mainClass(Application.class).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.await(60, TimeUnit.SECONDS); // let a start in progress finish, then stop it properly
                if (context.isRunning()) {
                    context.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "jobproxy-shutdown"));
        try {
            context.start();
            context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
        } catch (RuntimeException e) {
            LOG.error("jobproxy could not start: {}", e.getMessage(), e);
            started.countDown();
            System.exit(1);
        }
        started.countDown();
        if (Boolean.getBoolean("jobproxy.training-run")) {
            trainAndExit(context);
        }
        try {
            stopped.await(); // the process lives until it is told to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The build's training run: a few jobs through the whole path, then a graceful stop (the hook stops the context). */
    private static void trainAndExit(ApplicationContext context) {
        try {
            TrainingRun.run(context);
            System.exit(0);
        } catch (Exception e) {
            LOG.error("training run failed: {}", e.getMessage(), e);
            System.exit(1);
        }
    }
}
