package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/** jobproxy.grpc.* — where the gRPC API listens. */
@ConfigurationProperties("jobproxy.grpc")
public class GrpcSettings {
    /** Loopback by default: binding elsewhere is an explicit choice. */
    private String host = "127.0.0.1";
    /** 0 picks a free port (tests). */
    private int port = 50051;
    /** Largest request accepted; larger calls get RESOURCE_EXHAUSTED before they are read. */
    private int maxInboundBytes = 16 * 1024 * 1024;
    /** Bearer tokens callers must present ("authorization: Bearer <token>"); empty: no token checked. */
    private List<String> tokens = new ArrayList<>();
    /** TLS certificate chain (PEM); with tlsPrivateKey, the listener speaks TLS only. */
    private String tlsCertChain = "";
    /** TLS private key (PEM, PKCS#8). */
    private String tlsPrivateKey = "";
    /** Allow binding beyond loopback without TLS and tokens (logs a warning). */
    private boolean insecure = false;

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

    public List<String> getTokens() {
        return tokens;
    }

    public void setTokens(List<String> tokens) {
        this.tokens = tokens;
    }

    public String getTlsCertChain() {
        return tlsCertChain;
    }

    public void setTlsCertChain(String tlsCertChain) {
        this.tlsCertChain = tlsCertChain;
    }

    public String getTlsPrivateKey() {
        return tlsPrivateKey;
    }

    public void setTlsPrivateKey(String tlsPrivateKey) {
        this.tlsPrivateKey = tlsPrivateKey;
    }

    public boolean isInsecure() {
        return insecure;
    }

    public void setInsecure(boolean insecure) {
        this.insecure = insecure;
    }

    public boolean tls() {
        return !tlsCertChain.isBlank() && !tlsPrivateKey.isBlank();
    }

    /** Never prints tokens or key material: settings end up in logs. */
    @Override
    public String toString() {
        return "grpc " + host + ":" + port + " tls=" + tls() + " tokens=" + tokens.size() + " insecure=" + insecure;
    }
}
