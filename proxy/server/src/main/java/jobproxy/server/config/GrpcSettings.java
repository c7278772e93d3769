package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** jobproxy.grpc.* — where the gRPC API listens. */
@ConfigurationProperties("jobproxy.grpc")
public class GrpcSettings {
    /** Loopback by default: binding elsewhere is an explicit choice. */
    private String host = "127.0.0.1";
    /** 0 picks a free port (tests). */
    private int port = 50051;
    /** Largest request accepted; larger calls get RESOURCE_EXHAUSTED before they are read. */
    private int maxInboundBytes = 16 * 1024 * 1024;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getMaxInboundBytes() {
        return maxInboundBytes;
    }

    public void setMaxInboundBytes(int maxInboundBytes) {
        this.maxInboundBytes = maxInboundBytes;
    }
}
