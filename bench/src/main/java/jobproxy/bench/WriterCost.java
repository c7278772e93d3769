package jobproxy.bench;

import io.micronaut.context.ApplicationContext;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.Backoff;
import jobproxy.db.jobs.Claim;
import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.db.jobs.NewJob;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a job costs the one SQLite writer, without gRPC, broker or dispatch around it: the database writer thread's CPU
 * per job for each step of a job's life (insert, mark-sent, claim, complete), run through the server's own
 * GroupCommitter and JobTransitions in transactions of 100, on the default durable settings. Why it exists: end-to-end
 * runs on these shared 2-core machines spread by +-30 % between runs of one jar, so a change of a few microseconds on
 * the writer cannot be told apart there; one thread's CPU time over the same work is far steadier. Prints the median
 * of several rounds per scenario (plain, a unique key on every job, 100 exclusion keys); compare scenarios within one
 * run, and two builds by alternating runs. A schema change can be weighed within one run instead:
 * {@code -Dwriter.variant="DROP INDEX jobs_duration"} (statements separated by {@code ;}) runs every scenario a second
 * time per round on a database with those statements applied after its migrations, and prints both.
 * Run: {@code mvn -q -o -B -Pbench -DskipTests verify -Dbench.only=writer [-Dwriter.jobs=20000 -Dwriter.rounds=5]
 * [-Dwriter.variant=SQL]}.
 */
public final class WriterCost {
    private static final String[] STEPS = {"insert", "mark-sent", "claim", "complete"};
    private static final int BATCH = 100;

    public static void main(String[] args) throws Exception {
        if (!System.getProperty("bench.only", "batch,admin,peers").contains("writer")) { // only when asked for
            return;
        }
        int jobs = Integer.getInteger("writer.jobs", 20_000);
        int rounds = Integer.getInteger("writer.rounds", 5);
        System.out.printf("%nWriterCost: database writer thread CPU per job (us), median of %d rounds of %,d jobs,"
                + " transactions of %d%n", rounds, jobs, BATCH);
        String variant = System.getProperty("writer.variant", "").trim();
        List<Scenario> scenarios = new ArrayList<>();
        for (String kind : List.of("plain", "unique key", "100 exclusion keys")) {
            scenarios.add(new Scenario(kind, ""));
            if (!variant.isEmpty()) {
                scenarios.add(new Scenario(kind, variant));
            }
        }
        if (!variant.isEmpty()) {
            System.out.println("  variant: " + variant);
        }
        // rounds interleave the scenarios (plain, unique, exclusion, plain, ...): a machine that slows down during the
        // run then slows every scenario alike, and the differences between scenarios stay readable
        double[][][] us = new double[scenarios.size()][STEPS.length + 1][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int sc = 0; sc < scenarios.size(); sc++) {
                double[] one = round(scenarios.get(sc), jobs);
                for (int s = 0; s <= STEPS.length; s++) {
                    us[sc][s][r] = one[s];
                }
            }
        }
        for (int sc = 0; sc < scenarios.size(); sc++) {
            StringBuilder line = new StringBuilder(String.format("  %-30s", scenarios.get(sc).label()));
            for (int s = 0; s < STEPS.length; s++) {
                line.append(String.format("  %s %6.1f", STEPS[s], median(us[sc][s])));
            }
            System.out.println(line.append(String.format("  total %6.1f", median(us[sc][STEPS.length]))));
        }
    }

    /**
     * One fresh database (with the scenario's variant SQL applied, if any), {@code jobs} jobs through their life; the
     * writer's CPU per job for each step and in all.
     */
    private static double[] round(Scenario scenario, int jobs) throws Exception {
        Path dir = ScratchDirs.create("jobproxy-writer-bench");
        Map<String, Object> props = Map.of("jobproxy.data-dir", dir.toString(), "jobproxy.grpc.port", 0,
                "micronaut.server.port", -1, "jobproxy.roles", "enqueue");
        try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
            GroupCommitter committer = ctx.getBean(GroupCommitter.class);
            JobTransitions tx = ctx.getBean(JobTransitions.class);
            long writer = writerThreadId();
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (String sql : scenario.variantSql().split(";")) {
                if (!sql.isBlank()) {
                    committer.run(c -> {
                        try (var st = c.createStatement()) {
                            st.execute(sql);
                        }
                        return null;
                    });
                }
            }
            long[] nanos = new long[STEPS.length];
            for (int from = 0; from < jobs; from += BATCH) {
                List<NewJob> batch = newJobs(scenario.kind(), from, Math.min(BATCH, jobs - from));
                long now = System.currentTimeMillis();
                List<Dispatch> sent = batch.stream().map(j -> new Dispatch(j.id(), j.name(), 1, j.runAt())).toList();
                nanos[0] += timed(cpu, writer, () -> committer.run(c -> tx.enqueue(c, batch, now)));
                nanos[1] += timed(cpu, writer, () -> committer.run(c -> {
                    tx.markSent(c, sent);
                    return null;
                }));
                nanos[2] += timed(cpu, writer, () -> committer.run(c -> {
                    for (NewJob j : batch) {
                        if (!(tx.claim(c, j.id(), "bench-node", System::currentTimeMillis, 60_000) instanceof Claim.Granted)) {
                            throw new IllegalStateException("job " + j.id() + " was not claimed");
                        }
                    }
                    return null;
                }));
                nanos[3] += timed(cpu, writer, () -> committer.run(c -> {
                    for (NewJob j : batch) {
                        tx.complete(c, j.id(), 1, null, System.currentTimeMillis());
                    }
                    return null;
                }));
            }
            double[] us = new double[STEPS.length + 1];
            for (int s = 0; s < STEPS.length; s++) {
                us[s] = nanos[s] / 1000.0 / jobs;
                us[STEPS.length] += us[s];
            }
            return us;
        } finally {
            ScratchDirs.delete(dir);
        }
    }

    /** A kind of job (plain, unique key, exclusion keys) on the migrated schema, or on it with {@code variantSql}. */
    private record Scenario(String kind, String variantSql) {
        String label() {
            return variantSql.isEmpty() ? kind : kind + " + variant";
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** The writer thread's CPU time spent while {@code step} ran (the caller waits for the commit). */
    private static long timed(ThreadMXBean cpu, long writer, Step step) throws Exception {
        long before = cpu.getThreadCpuTime(writer);
        step.run();
        return cpu.getThreadCpuTime(writer) - before;
    }

    private static long writerThreadId() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jobproxy-db-writer"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no database writer thread")).getId();
    }

    private static List<NewJob> newJobs(String scenario, int from, int count) throws Exception {
        List<NewJob> out = new ArrayList<>(count);
        long now = System.currentTimeMillis();
        for (int i = from; i < from + count; i++) {
            String key = scenario.equals("unique key") ? "bench-" + i : null;
            String exclusion = scenario.equals("100 exclusion keys") ? "key-" + (i % 100) : null;
            out.add(new NewJob(UUID.randomUUID().toString(), "Echo", "{\"n\":" + i + "}", 25, 0, now, now, null,
                    Backoff.DEFAULT, key, key == null ? null : sha256(key), 0, exclusion, 1, Map.of()));
        }
        return out;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
