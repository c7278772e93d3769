package jobproxy.admin.auth;

import jakarta.inject.Singleton;
import jobproxy.admin.AdminSettings;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UI sessions of this node: a random id (the cookie) maps to who logged in and the session's CSRF token. Kept in memory
 * on purpose: a restart logs everyone out, and no session secret ever reaches the database. Behind a load balancer with
 * several admin nodes, use sticky sessions or basic/bearer auth.
 */
@Singleton
public class Sessions {
    public static final String COOKIE = "jobproxy_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Session(String id, String user, Role role, String csrf, long lastSeen) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final long idleMs;

    public Sessions(AdminSettings settings) {
        this.idleMs = settings.getSessionIdle().toMillis();
    }

    public Session open(String user, Role role) {
        Session s = new Session(random(), user, role, random(), System.currentTimeMillis());
        byId.put(s.id(), s);
        return s;
    }

    /** The live session for a cookie value, touched; empty when unknown or idle too long. */
    public Optional<Session> find(String id) {
        long now = System.currentTimeMillis();
        Session s = byId.get(id);
        if (s == null || now - s.lastSeen() > idleMs) {
            byId.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.user(), s.role(), s.csrf(), now);
        byId.put(id, touched);
        byId.values().removeIf(o -> now - o.lastSeen() > idleMs);
        return Optional.of(touched);
    }

    public void close(String id) {
        byId.remove(id);
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
