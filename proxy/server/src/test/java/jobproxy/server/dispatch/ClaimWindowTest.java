package jobproxy.server.dispatch;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a lane may claim beyond its workers: pure logic on a hand-driven clock. */
class ClaimWindowTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    /** 2 workers, 2 ahead per worker (6 in all), ahead only while attempts stay under 10 ms. */
    private final ClaimWindow window = new ClaimWindow(2, 2, 10 * MS, clock::get);

    private int takeAll() {
        int n = 0;
        while (window.tryAcquire()) {
            n++;
        }
        return n;
    }

    private void shortAttempt() {
        Object task = new Object();
        window.started(task);
        clock.addAndGet(2 * MS);
        window.ended(task);
    }

    @Test
    void aLaneThatHasSeenNoAttemptClaimsOnlyForItsWorkers() {
        assertThat(takeAll()).isEqualTo(2);
    }

    @Test
    void afterShortAttemptsItClaimsAheadUpToItsBound() {
        shortAttempt();
        assertThat(takeAll()).isEqualTo(6);
        window.release();
        assertThat(window.tryAcquire()).isTrue();
        assertThat(window.held()).isEqualTo(6);
    }

    @Test
    void aWorkerBusyLongerThanTheBoundStopsClaimingAhead() {
        shortAttempt();
        Object hung = new Object();
        window.started(hung);
        assertThat(window.tryAcquire()).isTrue();
        assertThat(window.tryAcquire()).isTrue();
        assertThat(window.tryAcquire()).as("all short so far: ahead").isTrue();
        clock.addAndGet(11 * MS);
        assertThat(window.tryAcquire()).as("one worker is past the bound").isFalse();
        window.release();
        window.release();
        assertThat(window.tryAcquire()).as("its workers still get claims").isTrue();
        assertThat(window.tryAcquire()).isFalse();
    }

    @Test
    void aLongLastAttemptStopsClaimingAheadUntilAShortOneEnds() {
        Object slow = new Object();
        window.started(slow);
        clock.addAndGet(50 * MS);
        window.ended(slow);
        assertThat(takeAll()).isEqualTo(2);
        shortAttempt();
        assertThat(takeAll()).isEqualTo(4);
    }

    @Test
    void noClaimAheadWhenTurnedOff() {
        ClaimWindow off = new ClaimWindow(3, 0, 10 * MS, clock::get);
        Object task = new Object();
        off.started(task);
        off.ended(task);
        int n = 0;
        while (off.tryAcquire()) {
            n++;
        }
        assertThat(n).isEqualTo(3);
    }

    @Test
    void acquireWaitsForAPlaceAndGivesUpAfterItsTimeout() throws Exception {
        takeAll();
        assertThat(window.acquire(1)).isFalse();
        Thread releaser = new Thread(window::release);
        releaser.start();
        assertThat(window.acquire(60_000)).isTrue();
        releaser.join();
    }

    @Test
    void releasingMoreThanWasTakenIsABug() {
        assertThatThrownBy(window::release).isInstanceOf(IllegalStateException.class);
    }
}
