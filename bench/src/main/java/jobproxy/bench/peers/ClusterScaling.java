package jobproxy.bench.peers;

import jobproxy.v1.EnqueueOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 7's figures: end-to-end no-op jobs/s with 1, 2 and 3 jobproxy nodes on PostgreSQL (node 1 embeds the broker and
 * opens a loopback acceptor; the others use it as their external broker), and one node on SQLite, as ratios. Every node
 * is the shaded jar in its own JVM; jobs are enqueued in batches of 100 spread over the nodes, and the clock stops when
 * all are COMPLETED in the database. Needs PostgreSQL (.ci/postgres starts one): JOBPROXY_BENCH_PG_URL (default
 * jdbc:postgresql://127.0.0.1:5432/), user/password jobproxy. {@code -Dcluster.jobs=N} (default 20 000).
 */
public final class ClusterScaling {
    private static final Map<String, Object> OUT = new LinkedHashMap<>();
    private static final String PG = System.getenv().getOrDefault("JOBPROXY_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");

    private ClusterScaling() {
    }

    public static void main(String[] args) throws Exception {
        if (!System.getProperty("bench.only", "cluster").contains("cluster")) {
            return;
        }
        int n = Integer.getInteger("cluster.jobs", 20_000);
        Path jar = PeerBenchmark.jar();
        System.out.printf("%nClusterScaling: %,d no-op jobs; %d cores, Java %s%n", n,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double sqlite = sqliteOneNode(jar, n);
        put("SQLite, 1 node (embedded broker): jobs/s", sqlite);
        double[] pg = new double[4];
        for (int nodes = 1; nodes <= 3; nodes++) {
            pg[nodes] = postgres(jar, n, nodes);
            put("PostgreSQL, " + nodes + " node(s): jobs/s", pg[nodes]);
        }
        for (int nodes = 1; nodes <= 3; nodes++) {
            put("RATIO PostgreSQL " + nodes + " node(s) / SQLite 1 node", pg[nodes] / sqlite);
        }
        put("RATIO PostgreSQL 3 nodes / PostgreSQL 1 node", pg[3] / pg[1]);
        StringBuilder json = new StringBuilder("{");
        OUT.forEach((k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
        json.setLength(json.length() - 1);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/cluster.json"), json.append('}'));
        System.out.println("  (written to target/cluster.json)");
    }

    private static double sqliteOneNode(Path jar, int n) throws Exception {
        try (ServerProcess s = ServerProcess.start(jar, "FULL")) {
            PeerBenchmark.startup(s);
            long t0 = System.nanoTime();
            GrpcLoad.batches(s.grpcPort, 4, n, 100, i -> EnqueueOptions.getDefaultInstance());
            while (s.count("status = 'COMPLETED'") < n) {
                Thread.sleep(100);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double postgres(Path jar, int n, int size) throws Exception {
        String db = "jp_bench_" + size;
        recreate(db);
        String[] pgProps = {"-Ddatasources.default.url=" + PG + db, "-Ddatasources.default.username=jobproxy",
                "-Ddatasources.default.password=jobproxy"};
        String broker = "tcp://127.0.0.1:" + ServerProcess.freePort();
        List<ServerProcess> nodes = new ArrayList<>();
        try {
            nodes.add(ServerProcess.start(jar, "FULL", concat(pgProps, "-Djobproxy.node-name=n1",
                    "-Djobproxy.broker.acceptor-url=" + broker)));
            PeerBenchmark.startup(nodes.get(0)); // node 1's broker is up before the others connect
            for (int i = 2; i <= size; i++) {
                nodes.add(ServerProcess.start(jar, "FULL", concat(pgProps, "-Djobproxy.node-name=n" + i,
                        "-Djobproxy.broker.mode=external", "-Djobproxy.broker.url=" + broker)));
            }
            for (ServerProcess s : nodes) {
                PeerBenchmark.startup(s);
            }
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(size);
            List<Future<Double>> sent = new ArrayList<>();
            for (ServerProcess s : nodes) { // 4 callers in all, spread over the nodes
                sent.add(pool.submit(() -> GrpcLoad.batches(s.grpcPort, Math.max(1, 4 / size), n / size, 100,
                        i -> EnqueueOptions.getDefaultInstance())));
            }
            for (Future<Double> f : sent) {
                f.get();
            }
            pool.shutdown();
            long all = count(db, "1 = 1"); // the batches and each node's start-up probe
            while (count(db, "status = 'COMPLETED'") < all) {
                Thread.sleep(100);
            }
            return (all - size) / ((System.nanoTime() - t0) / 1e9);
        } finally {
            for (ServerProcess s : nodes) {
                s.close();
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void recreate(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "jobproxy", "jobproxy");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
    }

    private static long count(String db, String where) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + db, "jobproxy", "jobproxy");
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE " + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void put(String name, double value) {
        OUT.put(name, value);
        System.out.printf("  %-70s %s%n", name, String.format(name.startsWith("RATIO") ? "%.2f" : "%,.1f", value));
    }
}
