package jobproxy.admin.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 password hashes from the JDK ({@code pbkdf2-sha256$iterations$salt$hash}, base64). Verification
 * compares in constant time (hazard: an early-exit compare leaks how much of the hash matched).
 */
public final class PasswordHash {
    private static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    /**
     * The hash of a password from {@link #randomPassword()}: the same form with one PBKDF2 iteration. Key stretching
     * makes guessing a human's password expensive; 120 random bits cannot be guessed either way (the API tokens are
     * kept as a plain SHA-256 for the same reason). Hazard it removes: 120 000 iterations took 0.3-0.5 s of CPU on the
     * main thread at a fresh installation's first start under the client compiler (most of that start-up, JFR), and
     * every benchmark and test server is a fresh installation. Cost: a wrong password for the generated user answers
     * faster than one for an unknown name, which tells that the documented user {@code admin} is the generated one.
     */
    public static String hashRandom(String randomPassword) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$1$" + b64(salt) + "$" + b64(derive(randomPassword, salt, 1));
    }

    /**
     * A well-formed hash that no password matches (random salt and random "derived" bytes): verifying against it costs
     * the same PBKDF2 work as a real one, without paying PBKDF2 to make it (it was ~0.2 s of every start-up, cold JIT).
     */
    public static String decoy() {
        byte[] salt = new byte[16];
        byte[] derived = new byte[32];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(derived);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derived);
    }

    public static boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            throw new IllegalArgumentException("password hash: expected pbkdf2-sha256$iterations$salt$hash");
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A random password for the first start: 20 characters of base64url (120 bits). */
    public static String randomPassword() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
