package jobproxy.server.admin;

import jobproxy.server.testing.AdminHttp;
import jobproxy.server.testing.AdminHttp.Reply;
import jobproxy.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN I6 for the admin API: thousands of random, mutated and malformed requests (paths, query strings, bodies,
 * content types) from an operator. None may answer 5xx, every refusal is JSON naming what is wrong, and a refused
 * request stores nothing. Configured secrets (gRPC tokens, admin passwords) never appear in any answer.
 */
class AdminFuzzTest {
    static final String GRPC_TOKEN = "grpc-secret-token-5f1c2a";
    static final String PASSWORD = "op-secret-pw-93kd";
    static final List<String> VALID_BODIES = List.of(
            "{\"job\":\"Echo\",\"payload\":{\"a\":1},\"options\":{\"maxAttempts\":2,\"delay\":\"3600s\"}}",
            "{\"action\":\"cancel\",\"ids\":[\"x\"]}", "{\"olderThan\":\"7d\",\"statuses\":[\"COMPLETED\"]}",
            "{\"overdueFor\":\"30s\"}");
    static final List<String> PATHS = List.of("/api/jobs", "/api/jobs/bulk", "/api/jobs/%s", "/api/jobs/%s/cancel",
            "/api/jobs/%s/retry", "/api/jobs/%s/copy", "/api/stats", "/api/locks", "/api/performers",
            "/api/maintenance/sweep", "/api/maintenance/recover", "/api/session");
    static final List<String> PARAMS = List.of("job", "status", "tag", "from", "to", "q", "sort", "order", "after",
            "limit", "counts", "window", "bogus");

    @TempDir
    static Path dir;
    static TestServer server;
    static AdminHttp op;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Map.of("jobproxy.admin.users.op.password", PASSWORD,
                "jobproxy.admin.users.op.role", "operator", "jobproxy.grpc.tokens", List.of(GRPC_TOKEN)));
        op = AdminHttp.basic(server.http(), "op", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void randomRequestsNeverFailTheServerAndRefusalsChangeNothing() throws Exception {
        Random rnd = new Random(Long.getLong("fuzz.seed", 42));
        Reply made = op.post("/api/jobs", VALID_BODIES.get(0));
        assertThat(made.status()).isEqualTo(201);
        String realId = made.json().get("jobId").asText();
        Map<Integer, Integer> statuses = new TreeMap<>();
        String previous = "-";
        long created = 0;
        long deleted = 0;
        for (int i = 0; i < 3000; i++) {
            long before = server.jobCount();
            String path = PATHS.get(rnd.nextInt(PATHS.size())).replace("%s", rnd.nextInt(4) == 0 ? realId
                    : URLEncoder.encode(shortJunk(rnd), StandardCharsets.UTF_8).replace("+", "%20"));
            String query = rnd.nextBoolean() ? "" : "?" + PARAMS.get(rnd.nextInt(PARAMS.size())) + "="
                    + URLEncoder.encode(shortJunk(rnd), StandardCharsets.UTF_8);
            String valid = VALID_BODIES.get(rnd.nextInt(VALID_BODIES.size()));
            String body = switch (rnd.nextInt(6)) {
                case 0, 1 -> junk(rnd);
                case 2 -> valid;
                default -> mutate(valid, rnd);
            };
            String type = rnd.nextInt(5) == 0 ? "text/plain" : "application/json";
            HttpRequest.Builder b = op.builder(path + query).header("Content-Type", type);
            switch (rnd.nextInt(3)) {
                case 0 -> b.GET();
                case 1 -> b.POST(HttpRequest.BodyPublishers.ofString(body));
                default -> b.DELETE();
            }
            Reply r;
            try {
                r = op.send(b);
            } catch (IllegalStateException e) {
                throw new AssertionError("no answer to " + b.build().method() + " " + path + query + " (" + type
                        + ") body " + body + "; previous request: " + previous, e);
            }
            previous = b.build().method() + " " + path + query + " (" + type + ") body " + body + " -> " + r.status();
            statuses.merge(r.status(), 1, Integer::sum);
            String text = r.raw().body();
            assertThat(r.status()).as("%s %s%s body %s -> %s", b.build().method(), path, query, body, text).isLessThan(500);
            assertThat(text).doesNotContain(GRPC_TOKEN).doesNotContain(PASSWORD);
            if (r.status() >= 400 && r.status() != 404 && r.status() != 405) {
                assertThat(r.json()).as(text).isNotNull();
                assertThat(r.json().get("error").asText()).isNotBlank();
            }
            if (r.status() >= 400) {
                assertThat(server.jobCount()).as("refused request changed the job count: " + path).isEqualTo(before);
            }
            created += r.status() == 201 ? 1 : 0;
            deleted += r.status() == 204 ? 1 : 0;
            if (r.status() == 200 && path.endsWith("/sweep")) {
                deleted += r.json().get("deleted").asLong();
            }
            if (r.status() == 200 && path.endsWith("/bulk") && body.toLowerCase().contains("delete")) {
                deleted += r.json().get("done").asLong();
            }
        }
        System.out.println("admin fuzz: status counts " + statuses + ", created " + created + ", deleted " + deleted);
        // exactly the accepted requests changed what is stored; the server still answers
        assertThat(server.jobCount()).isEqualTo(1 + created - deleted);
        assertThat(op.get("/api/jobs?limit=1").status()).isEqualTo(200);
        assertThat(statuses.keySet()).contains(200, 400);
        for (String p : List.of("/api/jobs/" + realId, "/api/stats", "/api/locks", "/api/performers", "/api/session")) {
            assertThat(op.get(p).raw().body()).doesNotContain(GRPC_TOKEN).doesNotContain(PASSWORD);
        }
    }

    static String junk(Random rnd) {
        String[] pool = {"", " ", "null", "-1", "0", "99999999999999999999", "PENDING", "done", "{", "}", "[]", "\"",
                "<script>", "%", "_", "\\", "\u0000", "\u00e9\u00e8", "' OR 1=1 --", "a:b", "2026-01-01T00:00:00Z", "P7D",
                "x".repeat(rnd.nextInt(3) == 0 ? 5000 : 3)};
        StringBuilder s = new StringBuilder();
        for (int i = rnd.nextInt(4); i >= 0; i--) {
            s.append(pool[rnd.nextInt(pool.length)]);
        }
        return s.toString();
    }

    /**
     * Junk for the URL, kept under Netty's 4 KiB request-line limit: past it the server answers 400 and closes the
     * connection without saying so, and Java's client then fails its next request on that connection.
     */
    static String shortJunk(Random rnd) {
        String s = junk(rnd);
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }

    static String mutate(String json, Random rnd) {
        StringBuilder s = new StringBuilder(json);
        for (int i = 1 + rnd.nextInt(3); i > 0 && s.length() > 0; i--) {
            int at = rnd.nextInt(s.length());
            switch (rnd.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, "{}[]\",:0-ae\\".charAt(rnd.nextInt(12)));
                default -> s.setCharAt(at, (char) (32 + rnd.nextInt(95)));
            }
        }
        return s.toString();
    }
}
