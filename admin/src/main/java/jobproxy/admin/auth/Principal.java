package jobproxy.admin.auth;

/** Who made a request, and how they proved it (session cookie, basic, bearer). Audit lines name {@code name}. */
public record Principal(String name, Role role, Via via) {
    public enum Via { SESSION, BASIC, BEARER }

    public static final String ATTRIBUTE = "jobproxy.admin.principal";
}
