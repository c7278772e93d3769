package jobproxy.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import jobproxy.client.JobProxyClient;
import jobproxy.db.jobs.JobRepository;
import jobproxy.server.grpc.GrpcServer;
import jobproxy.v1.JobProxyGrpc;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real jobproxy in this JVM: real SQLite file (or its own PostgreSQL database, see {@link TestDatabase}) and Artemis
 * journal under {@code dir}, gRPC on a free port, reached through a real channel. {@link #restart()} stops the context and starts a new one on the same files.
 */
public final class TestServer implements AutoCloseable {
    private final Path dir;
    private final Map<String, Object> extra;
    private ApplicationContext context;
    private ManagedChannel channel;

    private TestServer(Path dir, Map<String, Object> extra) {
        this.dir = dir;
        this.extra = extra;
    }

    public static TestServer start(Path dir) {
        return start(dir, Map.of());
    }

    public static TestServer start(Path dir, Map<String, Object> properties) {
        TestServer s = new TestServer(dir, new HashMap<>(properties));
        s.boot(Map.of());
        return s;
    }

    private void boot(Map<String, Object> override) {
        Map<String, Object> p = new HashMap<>();
        p.put("jobproxy.data-dir", dir.toString());
        p.put("jobproxy.grpc.port", 0);
        p.put("micronaut.server.port", -1);
        p.put("jobproxy.outbox.sweep-interval", "200ms");
        p.put("jobproxy.outbox.sweep-age", "500ms");
        p.put("jobproxy.await.poll-interval", "100ms");
        p.put("jobproxy.dispatch.shutdown-grace", "5s");
        p.putAll(TestDatabase.properties(dir));
        p.putAll(extra);
        p.putAll(override);
        ApplicationContext ctx = ApplicationContext.builder().properties(p).build();
        try {
            ctx.start();
        } catch (RuntimeException e) {
            // a half-started context must not leave lanes behind that would reach the next test's in-VM broker
            if (ctx.isRunning()) {
                ctx.stop();
            }
            throw e;
        }
        context = ctx;
        if (context.containsBean(GrpcServer.class)) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", context.getBean(GrpcServer.class).port())
                    .usePlaintext().build();
        }
    }

    /** Stops and starts again on the same data folder, with extra properties for the new start. */
    public void restart(Map<String, Object> override) {
        stop();
        boot(override);
    }

    public void restart() {
        restart(Map.of());
    }

    public JobProxyGrpc.JobProxyBlockingStub stub() {
        return JobProxyGrpc.newBlockingStub(channel);
    }

    /** Starts the admin HTTP server (on a free port) if it is not running; returns its base URL. */
    public String http() {
        io.micronaut.runtime.server.EmbeddedServer server = context.getBean(io.micronaut.runtime.server.EmbeddedServer.class);
        if (!server.isRunning()) {
            server.start();
        }
        return "http://127.0.0.1:" + server.getPort();
    }

    public JobProxyClient client() {
        return JobProxyClient.using(channel);
    }

    public ManagedChannel channel() {
        return channel;
    }

    public ApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public long jobCount() throws Exception {
        return bean(JobRepository.class).count();
    }

    public void stop() {
        if (channel != null) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel = null;
        }
        if (context != null && context.isRunning()) {
            context.stop();
        }
        context = null;
    }

    @Override
    public void close() {
        stop();
    }
}
