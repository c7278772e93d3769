package jobproxy.server.enqueue;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {
    @Test
    void idsAreVersion7UuidsOrderedByTime() {
        String a = JobIds.next(1_700_000_000_000L);
        String b = JobIds.next(1_700_000_000_001L);
        assertThat(UUID.fromString(a).version()).isEqualTo(7);
        assertThat(UUID.fromString(a).variant()).isEqualTo(2);
        assertThat(a.compareTo(b)).isNegative();
        assertThat(UUID.fromString(a).getMostSignificantBits() >>> 16).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void idsInOneMillisecondAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(JobIds.next(42));
        }
        assertThat(seen).hasSize(100_000);
    }
}
