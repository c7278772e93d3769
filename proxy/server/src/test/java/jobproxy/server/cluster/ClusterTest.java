package jobproxy.server.cluster;

import jobproxy.client.EnqueueOptions;
import jobproxy.client.JobProxyClient;
import jobproxy.server.testing.Cluster;
import jobproxy.server.testing.Ledger;
import jobproxy.server.testing.Load;
import jobproxy.server.testing.RunFiles;
import jobproxy.server.testing.ServerProcess;
import jobproxy.server.testing.UniqueRace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7: three jobproxy node processes on one PostgreSQL database and one standalone Artemis broker (its own JVM,
 * persistent journal). Work spreads over every node; DESIGN I2–I5 hold across processes; a node killed with SIGKILL
 * under load loses nothing and its jobs are finished by the others. The last test kills node 3, so the order is fixed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;
    Cluster cluster;
    Ledger ledger;

    @BeforeAll
    void start() throws Exception {
        cluster = Cluster.start(dir, 3, ServerProcess.FAST_RECOVERY);
        ledger = cluster.ledger();
    }

    @AfterAll
    void stop() throws Exception {
        if (ledger != null) {
            ledger.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void jobsEnqueuedThroughNodeOneRunOnAllThreeNodes() throws Exception {
        Load load = new Load();
        load.send(cluster.node(1).grpcPort(), 900, 8);
        assertThat(load.failed()).isZero();
        awaitCompleted(load.acknowledgedList());
        Map<String, Long> byNode = ledger.attemptsByNode();
        System.out.println("[cluster] 900 jobs enqueued through n1, attempts per node: " + byNode);
        assertThat(byNode).containsOnlyKeys("n1", "n2", "n3");
        assertThat(byNode.values()).allMatch(n -> n > 0);
    }

    @Test
    @Order(2)
    void aUniqueKeyRacedThroughThreeNodesMakesOneJob() throws Exception {
        UniqueRace.Outcome race = UniqueRace.run(cluster.clients(), 300, 24,
                EnqueueOptions.builder().uniqueKey("cluster-race").delay(Duration.ofHours(1)).build());
        assertThat(race.ids()).hasSize(1);
        assertThat(race.duplicates()).isEqualTo(299);
        assertThat(ledger.withUniqueKey("cluster-race")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void exclusionLimitsOfOneAndThreeHoldAcrossThreeNodes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            JobProxyClient via = cluster.client(i % 3 + 1); // enqueued through every node
            ids.add(via.enqueue("Script", Map.of("key", "x-one", "action", "sleep", "ms", 30),
                    EnqueueOptions.builder().exclusionKey("x-one").exclusionLimit(1).build()));
            ids.add(via.enqueue("Script", Map.of("key", "x-three", "action", "sleep", "ms", 100),
                    EnqueueOptions.builder().exclusionKey("x-three").exclusionLimit(3).build()));
        }
        awaitCompleted(ids);
        List<RunFiles.Span> spans = RunFiles.read(cluster.runsDir());
        Map<String, Long> processesPerKey = spans.stream().collect(Collectors.groupingBy(RunFiles.Span::key,
                Collectors.mapping(RunFiles.Span::pid, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        int one = RunFiles.maxOverlap(spans, "x-one");
        int three = RunFiles.maxOverlap(spans, "x-three");
        System.out.printf("[cluster] exclusion across 3 nodes: limit 1 -> at most %d at once, limit 3 -> at most %d;"
                + " processes that ran them %s%n", one, three, processesPerKey);
        // every job ran; a job may run again after its lease ran out on a starved machine, never at the same time
        assertThat(spans.stream().filter(s -> s.key().startsWith("x-")).map(RunFiles.Span::jobId).distinct()).hasSize(90);
        assertThat(spans.stream().collect(Collectors.groupingBy(RunFiles.Span::jobId)).values())
                .allSatisfy(runs -> assertThat(jobproxy.server.testing.Attempts.maxOverlapOf(runs.stream()
                        .map(r -> new long[]{r.startNanos(), r.endNanos()}).toList())).isEqualTo(1));
        assertThat(one).isEqualTo(1);
        assertThat(three).isBetween(2, 3);
        assertThat(processesPerKey.get("x-one")).isGreaterThan(1);
        assertThat(processesPerKey.get("x-three")).isGreaterThan(1);
    }

    @Test
    @Order(4)
    void aNodeKilledUnderLoadHasItsJobsFinishedByTheOthers() throws Exception {
        Load load = new Load();
        int port1 = cluster.node(1).grpcPort();
        Thread callers = new Thread(() -> {
            try {
                load.send(port1, 3000, 8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        callers.start();
        // jobs of 2 s among the load, so that node 3 is surely in the middle of some when it dies
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            slow.add(cluster.client(i % 3 + 1).enqueue("Script", Map.of("key", "slow-" + i, "action", "sleep", "ms", 2000)));
        }
        await().atMost(WAIT).until(() -> load.acknowledged.size() > 300 && ledger.runningOn("n3", "Script") > 0);
        cluster.node(3).kill();
        callers.join();
        assertThat(load.failed()).isZero(); // node 1 took every call; node 3's death is invisible to callers
        awaitCompleted(load.acknowledgedList());
        awaitCompleted(slow);
        long rescued = ledger.rescuedFrom("n3");
        List<String> overlapping = ledger.overlappingAttempts();
        System.out.printf("[cluster] kill -9 of n3 under load: acknowledged %d, all completed, rescued from n3 by n1/n2 %d,"
                + " attempts per node %s, ran twice concurrently %d%n", load.acknowledged.size() + slow.size(), rescued,
                ledger.attemptsByNode(), overlapping.size());
        assertThat(rescued).isPositive();
        assertThat(ledger.runningOn("n3")).isZero();
        assertThat(overlapping).isEmpty();
    }

    private void awaitCompleted(List<String> ids) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, String> s = ledger.statuses();
            return ids.stream().allMatch(id -> "COMPLETED".equals(s.get(id)));
        });
    }
}
