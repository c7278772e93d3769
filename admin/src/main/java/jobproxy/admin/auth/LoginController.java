package jobproxy.admin.auth;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jobproxy.admin.audit.AuditLog;
import jobproxy.admin.pages.Assets;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Form login for the UI: a session cookie (HttpOnly, SameSite=Strict) on success; logout; who am I. */
@Requires(condition = AdminRole.class)
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {
    private final AdminUsers users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    public LoginController(AdminUsers users, Sessions sessions, LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Get(value = "/login", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> page() {
        return HttpResponse.ok(Assets.text("admin-ui/login.html")).contentType(MediaType.TEXT_HTML_TYPE);
    }

    @Post(value = "/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(HttpRequest<?> request, @Body Map<String, String> form) {
        String user = form.getOrDefault("username", "");
        String password = form.getOrDefault("password", "");
        String address = AuditLog.address(request);
        if (throttle.retryAfter(user, address) > 0) {
            AuditLog.login(request, user, false);
            return HttpResponse.seeOther(URI.create("/login?error=throttled"));
        }
        Optional<Role> role = users.check(user, password);
        AuditLog.login(request, user, role.isPresent());
        if (role.isEmpty()) {
            throttle.failed(user, address);
            return HttpResponse.seeOther(URI.create("/login?error=failed"));
        }
        Sessions.Session s = sessions.open(user, role.get());
        Cookie cookie = Cookie.of(Sessions.COOKIE, s.id()).path("/").httpOnly(true).sameSite(SameSite.Strict)
                .secure(request.isSecure());
        return HttpResponse.seeOther(URI.create("/jobs")).cookie(cookie);
    }

    @Post("/logout")
    public HttpResponse<?> logout(HttpRequest<?> request) {
        request.getAttribute(Sessions.COOKIE, Sessions.Session.class).ifPresent(s -> sessions.close(s.id()));
        AuditLog.action(request, "logout", "-", "ok");
        return HttpResponse.seeOther(URI.create("/login"))
                .cookie(Cookie.of(Sessions.COOKIE, "").path("/").maxAge(0).httpOnly(true).sameSite(SameSite.Strict));
    }

    /** The UI asks who it is and which CSRF token to send with its changes. */
    @Get("/api/session")
    public Map<String, Object> session(HttpRequest<?> request) {
        Principal p = request.getAttribute(Principal.ATTRIBUTE, Principal.class).orElseThrow();
        String csrf = request.getAttribute(Sessions.COOKIE, Sessions.Session.class).map(Sessions.Session::csrf).orElse("");
        return Map.of("user", p.name(), "role", p.role().name().toLowerCase(), "csrf", csrf);
    }
}
