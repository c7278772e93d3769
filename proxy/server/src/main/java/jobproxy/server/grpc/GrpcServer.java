package jobproxy.server.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jobproxy.server.config.EnqueueRole;
import jobproxy.server.config.GrpcSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listener (grpc-java on Netty), started with the application when this node has the enqueue role. Secure by
 * default: loopback only; binding elsewhere needs TLS and bearer tokens, or an explicit {@code insecure: true}.
 */
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
        checkExposure();
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(settings.getHost(), settings.getPort()))
                .addService(settings.getTokens().isEmpty() ? StrictParsing.wrap(service.bindService())
                        : ServerInterceptors.intercept(StrictParsing.wrap(service.bindService()),
                        new TokenCheck(settings.getTokens())))
                .maxInboundMessageSize(settings.getMaxInboundBytes())
                // calls run on the event loop; JobProxyService moves those that may block off it
                .directExecutor();
        if (settings.tls()) {
            b.useTransportSecurity(new File(settings.getTlsCertChain()), new File(settings.getTlsPrivateKey()));
        }
        server = b.build().start();
        LOG.info("gRPC listening on {}:{} (tls {}, tokens {})", settings.getHost(), server.getPort(),
                settings.tls() ? "on" : "off", settings.getTokens().isEmpty() ? "off" : "on");
    }

    /** Refuses to start open to the network unless it is protected or the operator said so explicitly. */
    private void checkExposure() throws IOException {
        if (InetAddress.getByName(settings.getHost()).isLoopbackAddress()) {
            return;
        }
        boolean protectedListener = settings.tls() && !settings.getTokens().isEmpty();
        if (!protectedListener && !settings.isInsecure()) {
            throw new IllegalStateException("jobproxy.grpc.host " + settings.getHost() + " is not loopback: set"
                    + " jobproxy.grpc.tls-cert-chain, jobproxy.grpc.tls-private-key and jobproxy.grpc.tokens, or"
                    + " jobproxy.grpc.insecure=true to accept an unprotected listener");
        }
        if (!protectedListener) {
            LOG.warn("gRPC listens on {} without TLS and tokens (jobproxy.grpc.insecure=true): anyone who can reach it"
                    + " can enqueue and cancel jobs", settings.getHost());
        }
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
