package jobproxy.server.enqueue;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Job ids are UUID version 7 (RFC 9562): the first 48 bits are the creation time in ms, the rest random. Ids sort by
 * creation time, which keeps the primary-key index append-mostly and gives the admin a natural keyset order.
 */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next(long nowMillis) {
        long rand = RANDOM.nextLong();
        long msb = (nowMillis << 16) | 0x7000L | ((rand >>> 52) & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
