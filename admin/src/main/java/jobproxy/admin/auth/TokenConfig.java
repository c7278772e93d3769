package jobproxy.admin.auth;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * jobproxy.admin.api-tokens.&lt;name&gt;: a bearer token for scripts calling /api. Only its SHA-256 (hex) is configured;
 * the token itself is never stored (tokens are long random strings, so a fast hash is enough).
 */
@EachProperty("jobproxy.admin.api-tokens")
public class TokenConfig {
    private final String name;
    private String sha256;
    private Role role = Role.VIEWER;

    public TokenConfig(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    @Override
    public String toString() {
        return "TokenConfig[" + name + ", " + role + "]";
    }
}
