package jobproxy.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.db.jobs.JobRepository;
import jobproxy.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin screen in a real browser: Debian's chromium driven by playwright-core (src/test/browser/admin.mjs, npm
 * installed by .ci/run) against this real server. The script asks for gRPC work over a line protocol on its
 * stdin/stdout; every step it names must print PASS. Screenshots land in target/screenshots.
 */
class AdminBrowserTest {
    static final Path SCRIPT_DIR = Path.of("src/test/browser");
    static final Path SHOTS = Path.of("target/screenshots");
    static final List<String> STEPS = List.of("login-required-everywhere", "login", "job-appears-live",
            "filter-by-performer-and-status", "failed-job-stack-trace", "retry-failed-job-completes", "cancel-delayed-job",
            "create-job-form", "bulk-delete", "dashboard-chart-has-data", "locks-show-holder-and-waiter",
            "hostile-data-renders-as-text", "request-without-csrf-token-refused", "logout", "no-script-errors");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static JobProxyClient grpc;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Map.of("jobproxy.admin.users.alice.password", "alice-secret-1",
                "jobproxy.admin.users.alice.role", "operator"));
        grpc = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void operatorWorkflowsInChromium() throws Exception {
        assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core")).as("playwright-core is installed by .ci/run"
                + " (npm ci --prefix proxy/server/src/test/browser)").exists();
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium is installed by .ci/run").exists();
        Files.createDirectories(SHOTS);
        try (var old = Files.list(SHOTS)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        ProcessBuilder pb = new ProcessBuilder("node", "admin.mjs").directory(SCRIPT_DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("BASE_URL", server.http(), "OUT_DIR", SHOTS.toAbsolutePath().toString(),
                "ADMIN_USER", "alice", "ADMIN_PASSWORD", "alice-secret-1"));
        Process node = pb.start();
        List<String> passed = new ArrayList<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter in = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("ASK ")) {
                    String[] parts = line.split(" ", 3);
                    in.println(parts[1] + " " + JSON.writeValueAsString(answer(JSON.readTree(parts[2]))));
                } else if (line.startsWith("PASS ")) {
                    passed.add(line.substring(5));
                }
            }
        } finally {
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        assertThat(passed).as(String.join("\n", output)).containsExactlyElementsOf(STEPS);
        assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
        for (String shot : List.of("jobs-list.png", "job-detail.png", "dashboard.png")) {
            assertThat(SHOTS.resolve(shot)).isNotEmptyFile();
        }
    }

    /** Work the browser script asks for: enqueue over gRPC, wait for a status, read a status or the job count. */
    private static Map<String, Object> answer(JsonNode ask) throws Exception {
        switch (ask.get("what").asText()) {
            case "enqueue" -> {
                EnqueueOptions.Builder o = EnqueueOptions.builder();
                if (ask.has("delayMs")) {
                    o.delay(Duration.ofMillis(ask.get("delayMs").asLong()));
                }
                if (ask.has("maxAttempts")) {
                    o.maxAttempts(ask.get("maxAttempts").asInt());
                }
                if (ask.has("exclusionKey")) {
                    o.exclusionKey(ask.get("exclusionKey").asText());
                }
                if (ask.has("tags")) {
                    ask.get("tags").fields().forEachRemaining(e -> o.tag(e.getKey(), e.getValue().asText()));
                }
                Object payload = JSON.treeToValue(ask.get("payload"), Object.class);
                return Map.of("jobId", grpc.enqueue(ask.get("job").asText(), payload, o.build()));
            }
            case "await" -> {
                String id = ask.get("jobId").asText();
                String want = "JOB_STATUS_" + ask.get("status").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> grpc.get(id).getStatus().name().equals(want));
                return Map.of("status", ask.get("status").asText());
            }
            case "status" -> {
                var row = server.bean(JobRepository.class).find(ask.get("jobId").asText());
                return Map.of("status", row.map(r -> r.status().name()).orElse("GONE"));
            }
            case "count" -> {
                return Map.of("count", server.jobCount());
            }
            default -> throw new IllegalArgumentException("unknown ask: " + ask);
        }
    }
}
