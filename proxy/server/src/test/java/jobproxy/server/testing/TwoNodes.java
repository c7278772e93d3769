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
        String url = "tcp://127.0.0.1:" + freePort();
        Map<String, Object> pa = new HashMap<>(forA);
        pa.put("jobproxy.node-name", "A");
        pa.put("jobproxy.broker.acceptor-url", url);
        Map<String, Object> pb = new HashMap<>(forB);
        pb.put("jobproxy.node-name", "B");
        pb.put("jobproxy.broker.mode", "external");
        pb.put("jobproxy.broker.url", url);
        TestServer a = TestServer.start(dir, pa);
        try {
            return new TwoNodes(a, TestServer.start(dir, pb));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
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
