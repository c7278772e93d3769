package jobproxy.server.acceptance;

import jobproxy.server.testing.Ledger;
import jobproxy.server.testing.Load;
import jobproxy.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN I1, I2, I3 under SIGKILL: a real server process (embedded broker, SQLite file) killed with kill -9 while jobs
 * run, and while callers enqueue. Every id a caller received must end COMPLETED, none missing, and no job may have two
 * attempts that overlap in time.
 */
class CrashRecoveryTest {
    static final Map<String, String> FAST_RECOVERY = ServerProcess.FAST_RECOVERY;

    @TempDir
    Path dir;

    @Test
    void killedThreeTimesWhileJobsRunLosesNothingAndRunsNothingTwiceAtOnce() throws Exception {
        Load load = new Load();
        try (Ledger ledger = new Ledger(dir)) {
            for (int round = 0; round < 3; round++) {
                try (ServerProcess server = ServerProcess.start(dir, FAST_RECOVERY)) {
                    long completedBefore = round == 0 ? 0 : ledger.count("COMPLETED");
                    load.send(server.grpcPort(), round < 2 ? 1667 : 1666, 8);
                    // jobs are running: some of this round's have completed, most have not
                    await().atMost(Duration.ofSeconds(60)).until(() -> ledger.count("COMPLETED") > completedBefore + 50);
                    server.kill();
                }
            }
            assertThat(load.acknowledged).hasSize(5000); // every call was answered while the server was alive
            Report r = recover(ledger, load.acknowledgedList());
            System.out.printf("[crash-recovery] kill -9 x3 while running: sent 5000, acknowledged %d, completed %d, lost %d,"
                    + " ran twice concurrently %d, recovery after restart %d ms, attempts lost to kills %d%n",
                    load.acknowledged.size(), r.completed, r.missing, r.overlaps, r.recoveryMs, ledger.attemptsFailedAs("node lost"));
            assertThat(r.missing).isZero();
            assertThat(r.overlaps).isZero();
        }
    }

    @Test
    void killedDuringEnqueueEveryAnsweredIdCompletesAndNoRowIsHalfCreated() throws Exception {
        Load load = new Load();
        try (Ledger ledger = new Ledger(dir)) {
            try (ServerProcess server = ServerProcess.start(dir, FAST_RECOVERY)) {
                int port = server.grpcPort();
                Thread callers = new Thread(() -> {
                    try {
                        load.send(port, 3000, 8);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                callers.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 500);
                server.kill(); // lands among in-flight Enqueue calls
                callers.join();
            }
            assertThat(load.failures.keySet()).allMatch(code -> code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED")
                    || code.equals("CANCELLED"));
            Report r = recover(ledger, load.acknowledgedList());
            long rows = ledger.statuses().size();
            System.out.printf("[crash-recovery] kill -9 during enqueue: calls %d, acknowledged %d, failed %s, rows %d,"
                    + " completed %d, lost %d, ran twice concurrently %d, recovery after restart %d ms%n",
                    load.attempted.get(), load.acknowledged.size(), load.failures, rows, r.completed, r.missing, r.overlaps,
                    r.recoveryMs);
            assertThat(r.missing).isZero();
            assertThat(r.overlaps).isZero();
            // a call that failed may or may not have created its job, but every row that exists can run and did
            assertThat(ledger.statuses().values()).allMatch("COMPLETED"::equals);
        }
    }

    record Report(long completed, long missing, long overlaps, long recoveryMs) {
    }

    /** Starts the server once more and waits until every acknowledged id is COMPLETED. */
    private Report recover(Ledger ledger, List<String> acknowledged) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, FAST_RECOVERY)) {
            server.grpcPort();
            long t0 = System.currentTimeMillis();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<String, String> s = ledger.statuses();
                return acknowledged.stream().allMatch(id -> "COMPLETED".equals(s.get(id)))
                        && s.values().stream().allMatch("COMPLETED"::equals);
            });
            long recoveryMs = System.currentTimeMillis() - t0;
            Map<String, String> s = ledger.statuses();
            long missing = acknowledged.stream().filter(id -> !s.containsKey(id)).count();
            long completed = acknowledged.stream().filter(id -> "COMPLETED".equals(s.get(id))).count();
            long overlaps = ledger.overlappingAttempts().size();
            server.terminate(60);
            return new Report(completed, missing, overlaps, recoveryMs);
        }
    }
}
