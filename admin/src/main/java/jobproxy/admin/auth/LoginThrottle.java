package jobproxy.admin.auth;

import jakarta.inject.Singleton;
import jobproxy.admin.AdminSettings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limit on failed logins (hazard: online password guessing): at most N failures per user name from one address,
 * and 10 N per address over all names (password spraying), in a fixed one-minute window; further tries in that window
 * are refused without checking the password.
 */
@Singleton
public class LoginThrottle {
    private static final long WINDOW_MS = 60_000;

    private record Window(long start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;

    public LoginThrottle(AdminSettings settings) {
        this.limit = settings.getLoginAttemptsPerMinute();
    }

    /** Seconds until {@code user} from {@code address} may try again, or 0 when they may now. */
    public long retryAfter(String user, String address) {
        long now = System.currentTimeMillis();
        return Math.max(wait("u:" + user + "@" + address, now, limit), wait("a:" + address, now, limit * 10));
    }

    public void failed(String user, String address) {
        long now = System.currentTimeMillis();
        for (String key : new String[]{"u:" + user + "@" + address, "a:" + address}) {
            windows.compute(key, (k, w) -> w == null || now - w.start() >= WINDOW_MS ? new Window(now, 1)
                    : new Window(w.start(), w.failures() + 1));
        }
        windows.values().removeIf(w -> now - w.start() >= WINDOW_MS);
    }

    private long wait(String key, long now, int max) {
        Window w = windows.get(key);
        if (w == null || now - w.start() >= WINDOW_MS || w.failures() < max) {
            return 0;
        }
        return Math.max(1, (w.start() + WINDOW_MS - now + 999) / 1000);
    }
}
