package jobproxy.server;

import io.micronaut.context.ApplicationContext;
import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.server.grpc.GrpcServer;
import jobproxy.v1.Job;
import jobproxy.v1.JobStatus;

import java.time.Duration;
import java.util.Map;

/**
 * The build's class-data training run ({@code -Djobproxy.training-run=true}, proxy/server/pom.xml): the started server
 * puts a few {@code Echo} jobs through the whole path (gRPC, group commit, outbox, broker, dispatch, outcome, await), so
 * that the JVM, told {@code -XX:ArchiveClassesAtExit}, records those classes too; {@code ./jobproxy} maps the archive at
 * start (AppCDS: classes come parsed and verified from the archive instead of the 27 000-entry jar).
 * A job that does not complete fails the run, and with it the build: the shaded jar cannot run a job.
 */
final class TrainingRun {
    private static final int JOBS = 20;

    private TrainingRun() {
    }

    static void run(ApplicationContext context) throws InterruptedException {
        int port = context.getBean(GrpcServer.class).port();
        JobProxyClient client = JobProxyClient.connect("127.0.0.1:" + port);
        try {
            for (int i = 0; i < JOBS; i++) {
                String id = client.enqueue("Echo", Map.of("training", i), EnqueueOptions.none());
                Job job = client.await(id, Duration.ofSeconds(30));
                if (job.getStatus() != JobStatus.JOB_STATUS_COMPLETED) {
                    throw new IllegalStateException("training run: job " + id + " (Echo) ended " + job.getStatus());
                }
            }
        } finally {
            client.close();
        }
    }
}
