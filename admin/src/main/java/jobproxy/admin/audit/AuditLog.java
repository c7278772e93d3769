package jobproxy.admin.audit;

import io.micronaut.http.HttpRequest;
import jobproxy.admin.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every admin mutation and login, with who did it, on the logger {@code jobproxy.admin.audit} (route it to its own file
 * in logback.xml if you keep audit trails). Values are quoted so that a hostile id or key cannot forge a log line.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger("jobproxy.admin.audit");

    private AuditLog() {
    }

    public static void action(HttpRequest<?> request, String action, String target, String outcome) {
        Principal p = request.getAttribute(Principal.ATTRIBUTE, Principal.class).orElse(null);
        LOG.info("admin action={} target={} outcome={} by={} via={} from={}", action, quote(target), quote(outcome),
                quote(p == null ? "?" : p.name()), p == null ? "?" : p.via(), address(request));
    }

    public static void login(HttpRequest<?> request, String user, boolean ok) {
        LOG.info("admin login user={} ok={} from={}", quote(user), ok, address(request));
    }

    /** The client's address as logged and as the login throttle keys it. */
    public static String address(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress() == null ? "?"
                : request.getRemoteAddress().getAddress().getHostAddress();
    }

    static String quote(String s) {
        if (s == null) {
            return "-";
        }
        String clean = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        return '"' + clean.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
