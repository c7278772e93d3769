package jobproxy.admin.auth;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import jobproxy.admin.api.ErrorBodies;
import jobproxy.admin.audit.AuditLog;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Every request passes here. Pages and API need a login (session cookie for the UI; basic or bearer for /api), the
 * login page and static code excepted. Mutations must come from this site (Sec-Fetch-Site / Origin), carry the
 * session's CSRF token when authenticated by cookie, and come from an operator. Viewers read only.
 */
@Requires(condition = AdminRole.class)
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AdminGuard {
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Sessions sessions;
    private final AdminUsers users;
    private final LoginThrottle throttle;

    public AdminGuard(Sessions sessions, AdminUsers users, LoginThrottle throttle) {
        this.sessions = sessions;
        this.users = users;
        this.throttle = throttle;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING) // PBKDF2 for basic auth must not run on the event loop
    @Nullable
    public HttpResponse<?> guard(HttpRequest<?> request) {
        MutableHttpResponse<?> refused = check(request);
        if (refused != null) { // a short-circuited response skips the response filter: secure it here
            headers(refused);
        }
        return refused;
    }

    @Nullable
    private MutableHttpResponse<?> check(HttpRequest<?> request) {
        String path = request.getPath();
        boolean mutation = !(request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD);
        if (mutation && !sameSite(request)) {
            return deny(HttpStatus.FORBIDDEN, "cross-site request refused (Sec-Fetch-Site/Origin)");
        }
        if (isPublic(path)) {
            return null;
        }
        Optional<Principal> who;
        try {
            who = identify(request);
        } catch (Throttled t) {
            return deny(HttpStatus.TOO_MANY_REQUESTS, "too many failed logins; try again in " + t.seconds + " s")
                    .header("Retry-After", String.valueOf(t.seconds));
        }
        if (who.isEmpty()) {
            return path.startsWith("/api") ? deny(HttpStatus.UNAUTHORIZED, "login required (session, basic or bearer)")
                    .header("WWW-Authenticate", "Bearer realm=\"jobproxy\"")
                    : HttpResponse.seeOther(URI.create("/login"));
        }
        if (mutation && who.get().via() == Principal.Via.SESSION && !csrfMatches(request)) {
            return deny(HttpStatus.FORBIDDEN, "CSRF token missing or wrong (header " + CSRF_HEADER + ")");
        }
        if (mutation && !who.get().role().mayAct() && !path.equals("/logout")) {
            return deny(HttpStatus.FORBIDDEN, "user '" + who.get().name() + "' is a viewer; this action needs the"
                    + " operator role");
        }
        request.setAttribute(Principal.ATTRIBUTE, who.get());
        return null;
    }

    @ResponseFilter
    public void headers(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none';"
                + " base-uri 'none'; form-action 'self'");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer Chrome sends "Origin: null" on form posts, which we must refuse
        response.header("Referrer-Policy", "same-origin");
        response.header("Cache-Control", "no-store");
    }

    static boolean isPublic(String path) {
        return path.equals("/login") || path.startsWith("/assets/") || path.startsWith("/webjars/")
                || path.equals("/favicon.ico");
    }

    private Optional<Principal> identify(HttpRequest<?> request) throws Throttled {
        Optional<Cookie> cookie = request.getCookies().findCookie(Sessions.COOKIE);
        if (cookie.isPresent()) {
            Optional<Sessions.Session> s = sessions.find(cookie.get().getValue());
            if (s.isPresent()) {
                request.setAttribute(Sessions.COOKIE, s.get());
                return Optional.of(new Principal(s.get().user(), s.get().role(), Principal.Via.SESSION));
            }
        }
        String auth = request.getHeaders().get("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return users.token(auth.substring(7).trim()).map(t -> new Principal(t.getName(), t.getRole(),
                    Principal.Via.BEARER));
        }
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(auth.substring(6).trim(), AuditLog.address(request));
        }
        return Optional.empty();
    }

    private Optional<Principal> basic(String encoded, String address) throws Throttled {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = pair.substring(0, colon);
        long wait = throttle.retryAfter(user, address);
        if (wait > 0) {
            throw new Throttled(wait);
        }
        Optional<Role> role = users.check(user, pair.substring(colon + 1));
        if (role.isEmpty()) {
            throttle.failed(user, address);
        }
        return role.map(r -> new Principal(user, r, Principal.Via.BASIC));
    }

    private static boolean csrfMatches(HttpRequest<?> request) {
        Sessions.Session s = request.getAttribute(Sessions.COOKIE, Sessions.Session.class).orElse(null);
        String sent = request.getHeaders().get(CSRF_HEADER);
        return s != null && sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                s.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** Browsers say where a request comes from; anything from another site is refused before it can act. */
    static boolean sameSite(HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null) { // modern browsers: the most precise signal there is
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = request.getHeaders().get("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeaders().get("Host");
        try {
            URI o = URI.create(origin);
            return host != null && (o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort())).equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static MutableHttpResponse<?> deny(HttpStatus status, String message) {
        return HttpResponse.status(status).body(ErrorBodies.of(status.getCode(), message));
    }

    private static final class Throttled extends Exception {
        final long seconds;

        Throttled(long seconds) {
            super(null, null, false, false);
            this.seconds = seconds;
        }
    }
}
