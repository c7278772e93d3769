package jobproxy.server.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jobproxy.client.JobProxyClient;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out setup of issue 7 on one machine: a PostgreSQL database of its own, a standalone Artemis broker in its
 * own JVM (persistent journal, TCP), and N jobproxy node processes n1..nN using both as external services. Nodes write
 * their Script runs under {@code dir/runs} ({@link RunFiles}).
 */
public final class Cluster implements AutoCloseable {
    public final Path dir;
    private final ServerProcess broker;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    private Cluster(Path dir, ServerProcess broker) {
        this.dir = dir;
        this.broker = broker;
    }

    public static Cluster start(Path dir, int size, Map<String, String> extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cluster cluster = new Cluster(dir, ServerProcess.broker(dir.resolve("broker"), port));
        try {
            Files.createDirectories(cluster.runsDir());
            for (int i = 1; i <= size; i++) {
                Map<String, String> p = new HashMap<>(TestDatabase.postgresProperties(dir));
                p.put("jobproxy.node-name", "n" + i);
                p.put("jobproxy.broker.mode", "external");
                p.put("jobproxy.broker.url", "tcp://127.0.0.1:" + port);
                p.put("jobproxy.test.runs-dir", cluster.runsDir().toString());
                p.putAll(extra);
                Path nodeDir = dir.resolve("n" + i);
                Files.createDirectories(nodeDir);
                cluster.nodes.add(ServerProcess.start(nodeDir, p)); // started together; each waits for PostgreSQL
            }
            for (ServerProcess n : cluster.nodes) {
                cluster.channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", n.grpcPort()).usePlaintext().build());
                n.awaitDispatching();
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public Path runsDir() {
        return dir.resolve("runs");
    }

    /** Node i (1-based). */
    public ServerProcess node(int i) {
        return nodes.get(i - 1);
    }

    public JobProxyClient client(int i) {
        return JobProxyClient.using(channels.get(i - 1));
    }

    public ManagedChannel channel(int i) {
        return channels.get(i - 1);
    }

    public List<JobProxyClient> clients() {
        return channels.stream().map(JobProxyClient::using).toList();
    }

    /** The cluster's PostgreSQL database, read directly. */
    public Ledger ledger() throws Exception {
        return new Ledger(dir, true);
    }

    @Override
    public void close() throws Exception {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (ServerProcess n : nodes) {
            n.close();
        }
        broker.close();
    }
}
