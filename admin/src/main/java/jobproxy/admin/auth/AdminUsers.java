package jobproxy.admin.auth;

import jobproxy.admin.AdminRole;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Context;
import jobproxy.admin.AdminSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin logins. With none configured, the first start makes a random password for user {@code admin} (operator),
 * stores only its hash in the password file and prints the password once on the console, as Grafana and Elasticsearch
 * do: the one-command start works and nothing is ever open. Later starts read the hash and print nothing.
 */
@Requires(condition = AdminRole.class)
@Context // created at start, so a generated password is printed before the first request
public class AdminUsers {
    private static final Logger LOG = LoggerFactory.getLogger(AdminUsers.class);
    public static final String GENERATED_USER = "admin";

    private record Login(String hash, Role role) {
    }

    private final Map<String, Login> users = new HashMap<>();
    private final Map<String, TokenConfig> tokens = new HashMap<>();
    private static final long VERIFIED_FOR_MS = 300_000;
    private final Map<String, Long> verified = new java.util.concurrent.ConcurrentHashMap<>();
    /** Spent on unknown user names so that they take as long as known ones (hazard: user enumeration by timing). */
    private final String decoy = PasswordHash.decoy();

    public AdminUsers(List<UserConfig> configured, List<TokenConfig> apiTokens, AdminSettings settings) {
        for (UserConfig u : configured) {
            String hash = u.getPasswordHash() != null ? u.getPasswordHash()
                    : u.getPassword() != null && !u.getPassword().isEmpty() ? PasswordHash.hash(u.getPassword()) : null;
            if (hash == null) {
                throw new IllegalArgumentException("jobproxy.admin.users." + u.getName()
                        + ": set password-hash (or password); a user without one could never log in");
            }
            users.put(u.getName(), new Login(hash, u.getRole()));
        }
        for (TokenConfig t : apiTokens) {
            if (t.getSha256() == null || !t.getSha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("jobproxy.admin.api-tokens." + t.getName()
                        + ".sha256: expected the token's SHA-256 as 64 hex digits");
            }
            tokens.put(t.getSha256().toLowerCase(), t);
        }
        if (users.isEmpty()) {
            users.put(GENERATED_USER, new Login(generatedHash(Path.of(settings.getPasswordFile())), Role.OPERATOR));
        }
    }

    /**
     * The role of a user whose password matches, else empty. Same work whether or not the user exists. Credentials
     * that passed recently are remembered (as a SHA-256, for a few minutes) so that basic auth on every API call does
     * not pay PBKDF2 each time; a wrong password always pays it.
     */
    public Optional<Role> check(String user, String password) {
        Login login = users.get(user);
        String memo = sha256Hex(user + "\u0000" + password);
        Long until = verified.get(memo);
        long now = System.currentTimeMillis();
        if (login != null && until != null && until > now) {
            return Optional.of(login.role());
        }
        boolean ok = PasswordHash.verify(password, login == null ? decoy : login.hash());
        if (ok && login != null) {
            verified.put(memo, now + VERIFIED_FOR_MS);
            return Optional.of(login.role());
        }
        return Optional.empty();
    }

    /** The token's name and role when it is configured. */
    public Optional<TokenConfig> token(String bearer) {
        return Optional.ofNullable(tokens.get(sha256Hex(bearer)));
    }

    static String sha256Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String generatedHash(Path file) {
        try {
            if (Files.exists(file)) {
                LOG.info("admin login: user '{}' with the password generated at first start (hash in {}); delete that"
                        + " file to generate a new one, or configure jobproxy.admin.users", GENERATED_USER, file);
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String password = PasswordHash.randomPassword();
            String hash = PasswordHash.hashRandom(password);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, hash + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("{}: file system has no POSIX permissions", file);
            }
            // printed, not logged: the password must reach the operator once and never a log file
            System.out.println("""

                    ==================================================================================
                     jobproxy admin: generated login for this installation (shown only this once)
                       user:     %s
                       password: %s
                     Only its hash is stored, in %s. To change it, delete that file and
                     restart (a new password is printed), or configure jobproxy.admin.users.
                    ==================================================================================
                    """.formatted(GENERATED_USER, password, file.toAbsolutePath()));
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("admin password file " + file + ": " + e.getMessage(), e);
        }
    }
}
