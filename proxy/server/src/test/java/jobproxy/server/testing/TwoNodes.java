package jobproxy.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Two dispatcher nodes sharing one SQLite file and one broker: node A embeds the broker and opens a TCP acceptor,
 * node B connects to it as an external broker. Each has its own gRPC port, group committer and lanes.
 */
public final class TwoNodes implements AutoCloseable {
    public final TestServer a;
    public final TestServer b;

    private TwoNodes(TestServer a, TestServer b) {
        this.a = a;
        this.b = b;
    }

    public static TwoNodes start(Path dir, Map<String, Object> forA, Map<String, Object> forB) throws IOException {
        TestServer a = startA(dir, forA);
        try {
            return new TwoNodes(a, join(a, dir, forB));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** Node A alone: it embeds the broker and serves it on a TCP acceptor, for a node B that may {@link #join} later. */
    public static TestServer startA(Path dir, Map<String, Object> forA) throws IOException {
        Map<String, Object> pa = new HashMap<>(forA);
        pa.put("jobproxy.node-name", "A");
        pa.put("jobproxy.broker.acceptor-url", "tcp://127.0.0.1:" + freePort());
        return TestServer.start(dir, pa);
    }

    /** Node B on A's broker (as an external one) and A's database. */
    public static TestServer join(TestServer a, Path dir, Map<String, Object> forB) {
        Map<String, Object> pb = new HashMap<>(forB);
        pb.put("jobproxy.node-name", "B");
        pb.put("jobproxy.broker.mode", "external");
        pb.put("jobproxy.broker.url", a.context().getProperty("jobproxy.broker.acceptor-url", String.class).orElseThrow());
        pb.put("datasources.default.url", a.context().getProperty("datasources.default.url", String.class).orElseThrow());
        return TestServer.start(dir, pb);
    }

    public static TwoNodes start(Path dir) throws IOException {
        return start(dir, Map.of(), Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }
}
