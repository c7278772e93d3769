package jobproxy.db.browse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A keyset position: the sort value and id of the last row of a page. Opaque to clients (URL-safe base64); a cursor
 * that does not decode is refused rather than silently restarting at page one.
 */
public record Cursor(long value, String id) {
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((value + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<Cursor> decode(String text) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            if (colon < 1 || colon == s.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
