package jobproxy.server.dispatch;

import jobproxy.db.jobs.Backoff;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffPolicyTest {
    @Test
    void exponentialGrowsByTheMultiplierUpToTheCap() {
        Backoff b = new Backoff(Backoff.Kind.EXPONENTIAL, 1000, 2.0, 5000, 0.0);
        assertThat(BackoffPolicy.delayMs(b, 1, 0.5)).isEqualTo(1000);
        assertThat(BackoffPolicy.delayMs(b, 2, 0.5)).isEqualTo(2000);
        assertThat(BackoffPolicy.delayMs(b, 3, 0.5)).isEqualTo(4000);
        assertThat(BackoffPolicy.delayMs(b, 4, 0.5)).isEqualTo(5000);
        assertThat(BackoffPolicy.delayMs(b, 500, 0.5)).isEqualTo(5000); // no overflow far out
    }

    @Test
    void jitterSpreadsWithinItsFraction() {
        Backoff b = new Backoff(Backoff.Kind.EXPONENTIAL, 1000, 2.0, 3_600_000, 0.2);
        assertThat(BackoffPolicy.delayMs(b, 1, 0.0)).isEqualTo(800);
        assertThat(BackoffPolicy.delayMs(b, 1, 0.5)).isEqualTo(1000);
        assertThat(BackoffPolicy.delayMs(b, 1, 0.9999)).isBetween(1199L, 1200L);
    }

    @Test
    void fixedIgnoresTheAttempt() {
        Backoff b = Backoff.fixed(250);
        assertThat(BackoffPolicy.delayMs(b, 1, 0.1)).isEqualTo(250);
        assertThat(BackoffPolicy.delayMs(b, 9, 0.9)).isEqualTo(250);
    }

    @Test
    void defaultIsOneSecondDoublingToAnHour() {
        assertThat(BackoffPolicy.delayMs(Backoff.DEFAULT, 1, 0.5)).isEqualTo(1000);
        assertThat(BackoffPolicy.delayMs(Backoff.DEFAULT, 30, 0.5)).isEqualTo(3_600_000);
    }
}
