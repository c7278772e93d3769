package jobproxy.server.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jobproxy.server.config.EnqueueRole;
import jobproxy.server.config.GrpcSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC listener (grpc-java on Netty), started with the application when this node has the enqueue role. */
@Context
@Requires(condition = EnqueueRole.class)
public class GrpcServer {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

    private final GrpcSettings settings;
    private final JobProxyService service;
    private Server server;

    public GrpcServer(GrpcSettings settings, JobProxyService service) {
        this.settings = settings;
        this.service = service;
    }

    @PostConstruct
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.getHost(), settings.getPort()))
                .addService(service)
                .maxInboundMessageSize(settings.getMaxInboundBytes())
                .build()
                .start();
        LOG.info("gRPC listening on {}:{}", settings.getHost(), server.getPort());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
    }
}
