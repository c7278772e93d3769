package jobproxy.server.admin;

import jobproxy.server.testing.AdminHttp;
import jobproxy.server.testing.AdminHttp.Reply;
import jobproxy.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Closed by default: login everywhere, roles on the server, CSRF and cross-site refusal, throttled guessing, headers. */
class AdminSecurityTest {
    static final String TOKEN = "ci-token-0123456789abcdef";
    static final List<String> PAGES = List.of("/", "/jobs", "/jobs/some-id", "/create", "/dashboard", "/locks",
            "/performers", "/maintenance");

    @TempDir
    static Path dir;
    static TestServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        server = TestServer.start(dir, Map.of(
                "jobproxy.admin.users.alice.password", "alice-secret-1",
                "jobproxy.admin.users.alice.role", "operator",
                "jobproxy.admin.users.bob.password", "bob-secret-2",
                "jobproxy.admin.users.bob.role", "viewer",
                "jobproxy.admin.api-tokens.ci.sha256", sha,
                "jobproxy.admin.api-tokens.ci.role", "viewer",
                "jobproxy.admin.login-attempts-per-minute", 3));
        base = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withoutCredentialsPagesRedirectToLoginAndApiAnswers401() {
        AdminHttp anon = AdminHttp.anonymous(base);
        for (String page : PAGES) {
            Reply r = anon.get(page);
            assertThat(r.status()).as(page).isEqualTo(303);
            assertThat(r.header("location")).as(page).isEqualTo("/login");
        }
        for (String api : List.of("/api/jobs", "/api/jobs/x", "/api/stats", "/api/locks", "/api/performers", "/api/session")) {
            assertThat(anon.get(api).status()).as(api).isEqualTo(401);
        }
        assertThat(anon.post("/api/jobs", "{}").status()).isEqualTo(401);
        assertThat(anon.get("/login").status()).isEqualTo(200);
        assertThat(AdminHttp.basic(base, "alice", "wrong").get("/api/jobs").status()).isEqualTo(401);
        assertThat(AdminHttp.basic(base, "mallory", "alice-secret-1").get("/api/jobs").status()).isEqualTo(401);
    }

    @Test
    void viewerReadsButCannotActAndMutationsAreNeverGet() {
        AdminHttp bob = AdminHttp.basic(base, "bob", "bob-secret-2");
        assertThat(bob.get("/api/jobs").status()).isEqualTo(200);
        Reply create = bob.post("/api/jobs", "{\"job\":\"Echo\",\"payload\":{}}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("error").asText()).contains("viewer");
        assertThat(bob.post("/api/maintenance/sweep", "{}").status()).isEqualTo(403);
        assertThat(bob.delete("/api/jobs/x").status()).isEqualTo(403);
        AdminHttp alice = AdminHttp.basic(base, "alice", "alice-secret-1");
        assertThat(alice.get("/api/jobs/x/cancel").status()).isIn(404, 405);
        AdminHttp ci = new AdminHttpBearer(base).client();
        assertThat(ci.get("/api/stats").status()).isEqualTo(200);
        assertThat(ci.post("/api/jobs/bulk", "{}").status()).isEqualTo(403);
    }

    @Test
    void sessionCookieNeedsTheCsrfTokenAndSameSiteOrigin() throws Exception {
        AdminHttp anon = AdminHttp.anonymous(base);
        Reply login = form(anon, "alice", "alice-secret-1");
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("location")).isEqualTo("/jobs");
        String setCookie = login.header("set-cookie");
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Reply session = anon.send(anon.builder("/api/session").header("Cookie", cookie).GET());
        String csrf = session.json().get("csrf").asText();
        assertThat(csrf).hasSizeGreaterThan(20);
        assertThat(anon.send(anon.builder("/jobs").header("Cookie", cookie).GET()).status()).isEqualTo(200);

        String body = "{\"job\":\"Echo\",\"payload\":{}}";
        Reply noToken = anon.send(anon.builder("/api/jobs").header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.json().get("error").asText()).contains("CSRF");
        Reply wrongToken = anon.send(anon.builder("/api/jobs").header("Cookie", cookie).header("X-CSRF-Token", "guess")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(wrongToken.status()).isEqualTo(403);
        Reply crossSite = anon.send(anon.builder("/api/jobs").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(crossSite.status()).isEqualTo(403);
        Reply fetchSite = anon.send(anon.builder("/api/jobs").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Sec-Fetch-Site", "cross-site").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(fetchSite.status()).isEqualTo(403);
        long before = server.jobCount();
        Reply ok = anon.send(anon.builder("/api/jobs").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(server.jobCount()).isEqualTo(before + 1);

        Reply logout = anon.send(anon.builder("/logout").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.status()).isEqualTo(303);
        assertThat(anon.send(anon.builder("/api/session").header("Cookie", cookie).GET()).status()).isEqualTo(401);
    }

    @Test
    void failedLoginsAreThrottled() {
        AdminHttp anon = AdminHttp.anonymous(base);
        for (int i = 0; i < 3; i++) {
            assertThat(form(anon, "carol", "bad-" + i).header("location")).isEqualTo("/login?error=failed");
        }
        assertThat(form(anon, "carol", "bad-again").header("location")).isEqualTo("/login?error=throttled");
        Reply basic = AdminHttp.basic(base, "carol", "still-bad").get("/api/jobs");
        assertThat(basic.status()).isEqualTo(429);
        assertThat(basic.header("retry-after")).isNotBlank();
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() {
        AdminHttp alice = AdminHttp.basic(base, "alice", "alice-secret-1");
        for (Reply r : List.of(alice.get("/api/jobs"), alice.get("/jobs"), AdminHttp.anonymous(base).get("/jobs"),
                AdminHttp.anonymous(base).get("/login"), alice.get("/api/jobs/none"))) {
            assertThat(r.header("content-security-policy")).contains("script-src 'self'").contains("object-src 'none'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(r.header("cache-control")).isEqualTo("no-store");
        }
    }

    @Test
    void firstStartWithoutUsersPrintsAGeneratedPasswordOnceAndStoresOnlyItsHash(@org.junit.jupiter.api.io.TempDir Path own)
            throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        System.setOut(new PrintStream(first, true, StandardCharsets.UTF_8));
        TestServer fresh;
        try {
            fresh = TestServer.start(own);
        } finally {
            System.setOut(original);
        }
        try (fresh) {
            Matcher m = Pattern.compile("password: (\\S+)").matcher(first.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as("the generated password is printed").isTrue();
            String password = m.group(1);
            String stored = Files.readString(own.resolve("admin-password"));
            assertThat(stored).startsWith("pbkdf2-sha256$").doesNotContain(password);
            assertThat(AdminHttp.basic(fresh.http(), "admin", password).get("/api/jobs").status()).isEqualTo(200);
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            System.setOut(new PrintStream(second, true, StandardCharsets.UTF_8));
            try {
                fresh.restart();
            } finally {
                System.setOut(original);
            }
            assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain(password).doesNotContain("password: ");
            assertThat(AdminHttp.basic(fresh.http(), "admin", password).get("/api/jobs").status()).isEqualTo(200);
        }
    }

    @Test
    void aNodeWithoutTheAdminRoleServesNoAdmin(@org.junit.jupiter.api.io.TempDir Path own) {
        try (TestServer worker = TestServer.start(own, Map.of("jobproxy.roles", "enqueue,dispatch"))) {
            AdminHttp anon = AdminHttp.anonymous(worker.http());
            assertThat(anon.get("/jobs").status()).isEqualTo(404);
            assertThat(anon.get("/api/jobs").status()).isEqualTo(404);
            assertThat(anon.get("/login").status()).isEqualTo(404);
            assertThat(own.resolve("admin-password")).doesNotExist();
            assertThat(worker.client().enqueue("Echo", Map.of())).isNotBlank();
        }
    }

    static Reply form(AdminHttp anon, String user, String password) {
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return anon.send(anon.builder("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A client that sends the configured bearer token. */
    record AdminHttpBearer(String base) {
        AdminHttp client() {
            return AdminHttp.bearer(base, TOKEN);
        }
    }
}
