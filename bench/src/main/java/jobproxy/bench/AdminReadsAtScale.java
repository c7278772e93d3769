package jobproxy.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jobproxy.db.browse.Cursor;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The admin's reads at scale: seeds N jobs (default 1 000 000) straight into a fresh SQLite file, starts the server
 * on it, and times the admin API over real HTTP: first and deep list pages, filters, sorts, counts, the dashboard.
 * Prints median and p95 of 15 calls each and writes them to target/admin-reads.json.
 */
public final class AdminReadsAtScale {
    private static final String[] NAMES = {"SendEmail", "ResizeImage", "ChargeCard", "SyncCrm", "Echo"};

    public static void main(String[] args) throws Exception {
        if (!System.getProperty("bench.only", "batch,admin,peers").contains("admin")) { // -Dbench.only=batch skips this one
            return;
        }
        int n = Integer.getInteger("adminJobs", 1_000_000);
        Path dir = ScratchDirs.create("jobproxy-admin-bench");
        try {
            measure(dir, n);
        } finally {
            ScratchDirs.delete(dir);
        }
    }

    private static void measure(Path dir, int n) throws Exception {
        Map<String, Object> props = Map.of("jobproxy.data-dir", dir.toString(), "jobproxy.grpc.port", 0,
                "micronaut.server.port", -1, "jobproxy.roles", "enqueue,admin",
                "jobproxy.admin.users.bench.password", "bench-pw", "jobproxy.admin.users.bench.role", "viewer",
                "jobproxy.admin.sweep-interval", "0s");
        long now = System.currentTimeMillis();
        long seedMs;
        try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
            long t0 = System.nanoTime();
            seed(ctx.getBean(DataSource.class), n, now);
            seedMs = (System.nanoTime() - t0) / 1_000_000;
        }
        try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
            EmbeddedServer http = ctx.getBean(EmbeddedServer.class).start();
            String base = "http://127.0.0.1:" + http.getPort();
            String auth = "Basic " + Base64.getEncoder().encodeToString("bench:bench-pw".getBytes(StandardCharsets.UTF_8));
            HttpClient client = HttpClient.newHttpClient();
            String mid = new Cursor(now - 3L * 86_400_000, "~").encode();
            Map<String, String> calls = new LinkedHashMap<>();
            calls.put("list, first page (50, newest first)", "/api/jobs");
            calls.put("list, deep page (keyset at mid-table)", "/api/jobs?after=" + mid);
            calls.put("list, status=FAILED", "/api/jobs?status=FAILED");
            calls.put("list, job + status", "/api/jobs?job=ChargeCard&status=COMPLETED");
            calls.put("list, tag tenant:t7", "/api/jobs?tag=tenant:t7");
            calls.put("list, sort by duration", "/api/jobs?sort=duration");
            calls.put("list, sort by finished, oldest first", "/api/jobs?sort=finished_at&order=asc");
            calls.put("list, text = a unique key", "/api/jobs?q=" + enc("order-4240"));
            calls.put("list, text in error messages", "/api/jobs?q=" + enc("timed out"));
            calls.put("counts only (limit=1)", "/api/jobs?limit=1");
            calls.put("dashboard, last hour", "/api/stats?window=hour");
            calls.put("dashboard, last day", "/api/stats?window=day");
            calls.put("locks", "/api/locks");
            get(client, base + "/api/jobs?limit=1", auth); // warm up (PBKDF2 once, caches, JIT)
            Map<String, double[]> results = new LinkedHashMap<>();
            for (var c : calls.entrySet()) {
                double[] ms = new double[15];
                for (int i = 0; i < ms.length; i++) {
                    long t = System.nanoTime();
                    get(client, base + c.getValue(), auth);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                results.put(c.getKey(), new double[]{ms[ms.length / 2], ms[(int) Math.ceil(0.95 * ms.length) - 1]});
            }
            report(n, seedMs, results);
        }
    }

    static void seed(DataSource ds, int n, long now) throws Exception {
        String sql = "INSERT INTO jobs (id, name, status, payload, result, attempts, max_attempts, priority, created_at,"
                + " run_at, started_at, finished_at, backoff_kind, backoff_initial_ms, backoff_multiplier, backoff_max_ms,"
                + " backoff_jitter, unique_key, tags, last_error, outbox_pending, owed_since)"
                + " VALUES (?, ?, ?, '{\"to\":\"x@example.com\"}', ?, ?, 3, 0, ?, ?, ?, ?, 'EXPONENTIAL', 1000, 2.0, 3600000,"
                + " 0.2, ?, ?, ?, 0, ?)";
        long span = 7L * 86_400_000;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < n; i++) {
                    long created = now - span + (span * i) / n;
                    int roll = i % 100;
                    String status = roll < 90 ? "COMPLETED" : roll < 95 ? "FAILED" : roll < 97 ? "CANCELLED"
                            : roll < 99 ? "PENDING" : "RETRY_PENDING";
                    boolean ran = status.equals("COMPLETED") || status.equals("FAILED");
                    long started = created + 5;
                    long finished = started + 1 + (i * 7919L) % 900;
                    ps.setString(1, new UUID(created, i).toString());
                    ps.setString(2, NAMES[i % NAMES.length]);
                    ps.setString(3, status);
                    ps.setString(4, status.equals("COMPLETED") ? "{\"ok\":true}" : null);
                    ps.setInt(5, ran ? 1 : 0);
                    ps.setLong(6, created);
                    ps.setLong(7, status.equals("PENDING") || status.equals("RETRY_PENDING") ? now + 86_400_000 : created);
                    setNullable(ps, 8, ran ? started : null);
                    setNullable(ps, 9, ran || status.equals("CANCELLED") ? finished : null);
                    ps.setString(10, i % 10 == 0 ? "order-" + i : null);
                    ps.setString(11, "{\"tenant\":\"t" + (i % 50) + "\"}");
                    ps.setString(12, status.equals("FAILED") ? "java.net.SocketTimeoutException: read timed out" : null);
                    ps.setLong(13, created);
                    ps.addBatch();
                    if (i % 10_000 == 9_999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
    }

    static void setNullable(PreparedStatement ps, int i, Long v) throws Exception {
        if (v == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static void get(HttpClient client, String url, String auth) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void report(int n, long seedMs, Map<String, double[]> results) throws Exception {
        System.out.printf("%nAdminReadsAtScale: %,d jobs in SQLite (seeded in %.1f s); HTTP with basic auth; %d cores%n",
                n, seedMs / 1000.0, Runtime.getRuntime().availableProcessors());
        System.out.printf("  %-42s %10s %10s%n", "call", "median ms", "p95 ms");
        StringBuilder json = new StringBuilder("{\"jobs\":" + n + ",\"calls\":{");
        results.forEach((name, r) -> {
            System.out.printf("  %-42s %10.1f %10.1f%n", name, r[0], r[1]);
            json.append('"').append(name).append("\":{\"medianMs\":").append(r[0]).append(",\"p95Ms\":").append(r[1]).append("},");
        });
        json.setLength(json.length() - 1);
        json.append("}}");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/admin-reads.json"), json);
        System.out.println();
    }
}
