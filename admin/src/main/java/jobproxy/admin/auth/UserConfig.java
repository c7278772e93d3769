package jobproxy.admin.auth;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * jobproxy.admin.users.&lt;name&gt;: an admin login. Give {@code password-hash} (the {@code pbkdf2-sha256$...} form
 * the README shows how to make) or {@code password} (hashed in memory at start, for secrets injected by environment).
 */
@EachProperty("jobproxy.admin.users")
public class UserConfig {
    private final String name;
    private String password;
    private String passwordHash;
    private Role role = Role.VIEWER;

    public UserConfig(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    @Override
    public String toString() { // hazard: a config dump or debug log printing the secret
        return "UserConfig[" + name + ", " + role + "]";
    }
}
