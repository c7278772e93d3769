package jobproxy.bench.peers;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import jobproxy.v1.EnqueueOptions;
import jobproxy.v1.JobProxyGrpc;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Issue 6's benchmark: jobproxy (the shaded jar in its own JVM, default durable settings) beside JobRunr + SQLite and
 * the raw ceilings (Artemis alone, SQLite alone, gRPC no-op), all in one run on this machine. Prints a table with
 * ratios and writes target/peers.json. {@code -Dpeers.jobs=N} sets the job count (default 100 000).
 */
public final class PeerBenchmark {
    private static final Map<String, Object> OUT = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        if (!System.getProperty("bench.only", "peers").contains("peers")) {
            return;
        }
        int n = Integer.getInteger("peers.jobs", 100_000);
        Path jar = jar();
        System.out.printf("%nPeerBenchmark: %,d no-op jobs; %d cores, Java %s; jobproxy jar %s%n", n,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), jar);

        // -Dpeers.quick=true: only the default end-to-end run; -Dpeers.quick=enqueue: only the enqueue figures;
        // -Dpeers.quick=keys: the plain, unique-key and exclusion-key end-to-end runs and their ratios;
        // -Dpeers.quick=cold: start-up and offered load of -Dpeers.repeat fresh servers (default 3)
        String quickMode = System.getProperty("peers.quick", "false");
        boolean quick = quickMode.equals("true");
        // the benchmark's own gRPC client loads and compiles first, against a no-op server in this JVM (hazard: the first
        // server's start-up figure also timed this JVM loading grpc-java and Netty on the same two cores, 2.6-3.4 s
        // against 1.7-2.1 s for the later servers; a caller's client is already running when the proxy starts)
        GrpcLoad.warmClient(200_000);
        warmCaller(jar);
        if (quick) {
            try (ServerProcess s = ServerProcess.start(jar, "FULL")) {
                startup(s);
                offeredLoad(s, 1_000, 10, "fresh server (cold JVM)");
            }
            endToEnd(jar, "FULL", n, "plain, synchronous=FULL + datasync (default)", i -> EnqueueOptions.getDefaultInstance(),
                    true);
            write();
            return;
        }
        if (quickMode.equals("cold")) {
            coldServers(jar, Integer.getInteger("peers.repeat", 3));
            write();
            return;
        }
        if (quickMode.equals("keys")) {
            keyRatios(jar, n);
            write();
            return;
        }
        enqueueFigures(jar, n);
        if (quickMode.equals("enqueue")) {
            enqueueRatios(GrpcLoad.noopCeiling(64, 40_000));
            write();
            return;
        }
        double plain = endToEnd(jar, "FULL", n, "plain, synchronous=FULL + datasync (default)",
                i -> EnqueueOptions.getDefaultInstance(), true);
        endToEnd(jar, "NORMAL", n, "plain, synchronous=NORMAL", i -> EnqueueOptions.getDefaultInstance(), false);
        endToEnd(jar, "FULL", n, "plain, FULL, jobproxy.dispatch.concurrency=32 (default: the performer's 10)",
                i -> EnqueueOptions.getDefaultInstance(), true, "-Djobproxy.dispatch.concurrency=32");
        double unique = endToEnd(jar, "FULL", n, "unique key on every job",
                i -> EnqueueOptions.newBuilder().setUniqueKey("k-" + i).build(), false);
        double excl = endToEnd(jar, "FULL", n, "100 exclusion keys",
                i -> EnqueueOptions.newBuilder().setExclusionKey("x-" + (i % 100)).build(), false);

        GrpcLoad.Unary noop = GrpcLoad.noopCeiling(64, 40_000);
        RawCeilings.Artemis art = RawCeilings.artemis(Math.max(1_000, n / 2));
        put("raw Artemis durable send, 16 senders: msgs/s", art.send16PerS());
        put("raw Artemis durable send, tx of 100: msgs/s", art.sendTx100PerS());
        put("raw Artemis receive: msgs/s", art.receivePerS());
        RawCeilings.Sqlite sql = RawCeilings.sqlite(n, "FULL");
        put("raw SQLite FULL: commits/s", sql.commitsPerS());
        put("raw SQLite FULL: rows/s in tx of 100", sql.rowsTx100PerS());
        double ceiling = Math.min(Math.min(art.sendTx100PerS(), art.receivePerS()), sql.rowsTx100PerS() / 3);
        put("raw ceiling for the same work (jobs/s) = min(send tx100, receive, SQLite rows tx100 / 3 writes per job)",
                ceiling);
        double jobrunr = JobRunrRun.endToEnd(n);
        put("JobRunr 8.2.2 + SQLite end-to-end: jobs/s", jobrunr);

        put("RATIO end-to-end / JobRunr", plain / jobrunr);
        put("RATIO end-to-end / raw ceiling", plain / ceiling);
        enqueueRatios(noop);
        put("RATIO unique keys / plain", unique / plain);
        put("RATIO 100 exclusion keys / plain", excl / plain);
        write();
    }

    /**
     * Start-up, offered load on a cold server, then unary Enqueue from 1, 16 and 64 callers and EnqueueBatch twice: on a
     * node that also dispatches (it drains the same Echo jobs meanwhile, so on two cores these figures move with the
     * drain) and on an enqueue-only node ({@code jobproxy.roles=enqueue}, the enqueuing proxy of DESIGN §1: the jobs
     * wait on the broker), which shows what the enqueue path itself costs.
     */
    private static void enqueueFigures(Path jar, int n) throws Exception {
        try (ServerProcess s = ServerProcess.start(jar, "FULL")) {
            put("start-up to first accepted enqueue (s)", startup(s));
            offeredLoad(s, 1_000, 10, "fresh server (cold JVM)");
            enqueueCalls(s, n, "");
        }
        try (ServerProcess s = ServerProcess.start(jar, "FULL", "-Djobproxy.roles=enqueue")) {
            startup(s);
            enqueueCalls(s, n, ENQUEUE_ONLY);
        }
    }

    /**
     * -Dpeers.quick=cold: only fresh servers' start-up and offered load, {@code times} servers one after another (the
     * cold tail is what JIT flags move, and it varies a lot between servers: one server says little).
     */
    private static void coldServers(Path jar, int times) throws Exception {
        for (int i = 1; i <= times; i++) {
            try (ServerProcess s = ServerProcess.start(jar, "FULL")) {
                put("start-up to first accepted enqueue, cold server " + i + " (s)", startup(s));
                offeredLoad(s, 1_000, 10, "fresh server (cold JVM) " + i);
            }
        }
    }

    private static void keyRatios(Path jar, int n) throws Exception {
        double plain = endToEnd(jar, "FULL", n, "plain, synchronous=FULL + datasync (default)",
                i -> EnqueueOptions.getDefaultInstance(), false);
        double unique = endToEnd(jar, "FULL", n, "unique key on every job",
                i -> EnqueueOptions.newBuilder().setUniqueKey("k-" + i).build(), false);
        double excl = endToEnd(jar, "FULL", n, "100 exclusion keys",
                i -> EnqueueOptions.newBuilder().setExclusionKey("x-" + (i % 100)).build(), false);
        put("RATIO unique keys / plain", unique / plain);
        put("RATIO 100 exclusion keys / plain", excl / plain);
    }

    private static void enqueueRatios(GrpcLoad.Unary noop) {
        put("raw gRPC no-op unary, 64 callers: calls/s", noop.perS());
        for (String node : new String[]{"", ENQUEUE_ONLY}) {
            put("RATIO unary Enqueue 64 callers" + node + " / raw gRPC no-op",
                    (double) OUT.get("unary Enqueue, 64 caller(s)" + node + ": calls/s") / noop.perS());
        }
    }

    private static final String ENQUEUE_ONLY = " (enqueue-only node)";

    private static void enqueueCalls(ServerProcess s, int n, String node) throws Exception {
        // warm-up, not reported: the lone caller's figure is about steady state, not the JIT still compiling
        // (measured: the first 3 000 calls of a fresh server had p50 4.6-5.7 ms, the next 3 000 1.9-2.7 ms)
        GrpcLoad.enqueue(s.grpcPort, 1, 3_000, "warm");
        for (int callers : new int[]{1, 16, 64}) {
            GrpcLoad.Unary u = GrpcLoad.enqueue(s.grpcPort, callers, callers == 1 ? 2_000 : callers * 500, "u" + callers);
            put("unary Enqueue, " + callers + " caller(s)" + node + ": calls/s", u.perS());
            put("unary Enqueue, " + callers + " caller(s)" + node + ": p50 / p99 / max ms", fmt(u.p50(), u.p99(), u.max()));
        }
        put("EnqueueBatch of 100, 4 callers" + node + ": jobs/s", GrpcLoad.batches(s.grpcPort, 4, n, 100,
                i -> EnqueueOptions.getDefaultInstance()));
    }

    private static final String WRITER = "jobproxy-db-wri";

    static double endToEnd(Path jar, String sync, int n, String name, IntFunction<EnqueueOptions> options,
                           boolean latencyRun, String... serverProps) throws Exception {
        try (ServerProcess s = ServerProcess.start(jar, sync, serverProps)) {
            double up = startup(s);
            if (latencyRun && serverProps.length == 0) {
                put("start-up to first accepted enqueue, end-to-end server (s)", up);
            }
            warmUp(s, n, options);
            long base = s.count("status = 'COMPLETED'");
            long cpu0 = s.cpuMillis();
            long writer0 = s.threadCpuMillis(WRITER);
            long t0 = System.nanoTime();
            double enqueuePerS = GrpcLoad.batches(s.grpcPort, 4, n, 100, options);
            long enqueuedAt = System.nanoTime();
            long doneThen = s.count("status = 'COMPLETED'") - base;
            while (s.count("status = 'COMPLETED'") - base < n) {
                Thread.sleep(100);
            }
            double perS = n / ((System.nanoTime() - t0) / 1e9);
            double cpuPerJob = (s.cpuMillis() - cpu0) * 1000.0 / n;
            put("end-to-end " + name + ": jobs/s", perS);
            // the server's CPU per job is steadier than jobs/s on a shared VM, and says what a job costs when the
            // machine, not the pipeline, is the limit
            put("  server CPU per job (all threads, user + system): µs", cpuPerJob);
            // the one SQLite writer is the thread every job waits for, twice (claim, outcome) after its enqueue
            put("  of which the database writer thread: µs", (s.threadCpuMillis(WRITER) - writer0) * 1000.0 / n);
            // which side limits: the enqueue rate while both ran, and the drain rate of what was left once enqueues ended
            put("  of which enqueue phase (EnqueueBatch 100 x 4 callers, dispatch running): jobs/s", enqueuePerS);
            put("  of which completed during the enqueue phase / drain rate after it: jobs, jobs/s",
                    doneThen + " / " + String.format("%.0f", (n - doneThen) / ((System.nanoTime() - enqueuedAt) / 1e9)));
            // each extra message is a detour: blocked behind its exclusion key and released, given back unstarted, or a
            // retry (the no-op performer never fails)
            put("  jobs whose broker message was sent more than once (blocked, given back, retried)",
                    s.count("dispatch_seq > 1"));
            if (latencyRun) {
                String with = serverProps.length == 0 ? "" : " with " + String.join(" ", serverProps);
                offeredLoad(s, 1_000, 10, "after the " + n + "-job run, same server" + with);
                put("server peak RSS during the " + n + "-job run" + with + " (MiB)", s.peakRssMiB());
            }
            return perS;
        }
    }

    /**
     * {@code -Dpeers.repeat=N}: N-1 unmeasured runs of the same n jobs on the same server first, so that the measured run
     * is of a warm JVM (every end-to-end figure is otherwise of a fresh server, JIT compilation included).
     */
    private static void warmUp(ServerProcess s, int n, IntFunction<EnqueueOptions> options) throws Exception {
        for (int r = 1; r < Integer.getInteger("peers.repeat", 1); r++) {
            long t0 = System.nanoTime();
            GrpcLoad.batches(s.grpcPort, 4, n, 100, options);
            while (s.count("status <> 'COMPLETED'") > 0) { // (with unique keys a repeat stores nothing new)
                Thread.sleep(100);
            }
            System.out.printf("  (warm-up run %d: %,.0f jobs/s)%n", r, n / ((System.nanoTime() - t0) / 1e9));
        }
    }

    /** Enqueues at a fixed rate (unary, async) and reads each job's enqueue→start delay from the database. */
    static void offeredLoad(ServerProcess s, int perSecond, int seconds, String when) throws Exception {
        ManagedChannel ch = GrpcLoad.channel(s.grpcPort);
        JobProxyGrpc.JobProxyFutureStub stub = JobProxyGrpc.newFutureStub(ch);
        EnqueueOptions o = EnqueueOptions.newBuilder().putTags("run", "offered").build();
        // the channel's connection first, as a service holds its channel open: the figures then never include this
        // client's connection set-up (checked: a cold server's tail was the same either way; its first seconds are it)
        JobProxyGrpc.newBlockingStub(ch).enqueue(GrpcLoad.echo(-1, EnqueueOptions.getDefaultInstance()));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long callerCpu0 = callerCpuMillis();
        long callerJit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        int total = perSecond * seconds;
        long since = System.currentTimeMillis() - 1;
        int[] sent = {0};
        long[] answered = new long[total];
        long[] sentAt = new long[total]; // wall clock ms, to set against the server's created_at
        timer.scheduleAtFixedRate(() -> {
            if (sent[0] < total) {
                int i = sent[0]++;
                long t = System.nanoTime();
                sentAt[i] = System.currentTimeMillis();
                stub.enqueue(GrpcLoad.echo(i, o)).addListener(() -> answered[i] = System.nanoTime() - t, Runnable::run);
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        // an index range (status, created_at), as a monitor would poll; hazard: a LIKE scan of the whole table every
        // 200 ms held read snapshots that kept SQLite from ever resetting its WAL, and the server paid for it
        while (s.count("status = 'COMPLETED' AND created_at >= " + since) < total) {
            Thread.sleep(200);
        }
        timer.shutdownNow();
        ch.shutdownNow();
        // the caller shares the machine: its own CPU (and JIT) during the load is CPU the server did not have
        put("  the benchmark's own JVM meanwhile: CPU s, of it JIT compiling s", String.format("%.1f / %.1f",
                (callerCpuMillis() - callerCpu0) / 1e3,
                (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - callerJit0) / 1e3));
        // when the answers kept up: a cold JVM interprets and compiles its hot code while the calls keep coming, and
        // the p99 of a cold run is the backlog of those first seconds, not a steady delay (this says how long it lasted)
        int lastLate = -1;
        for (int i = 0; i < total; i++) {
            if (answered[i] > 100_000_000L) {
                lastLate = i;
            }
        }
        if (Boolean.getBoolean("peers.timeline") && !silent) {
            timeline(s, answered, sentAt, Integer.getInteger("peers.timelineStep", perSecond / 4));
        }
        long[] answers = Figures.sorted(answered);
        put("Enqueue answer at " + perSecond + " calls/s offered, " + when + ": p50 / p99 / max ms",
                fmt(Figures.pct(answers, 50), Figures.pct(answers, 99), answers[total - 1] / 1e6));
        put("  the last call answered later than 100 ms was sent at (s into the load; 0: none)",
                (lastLate + 1) / (double) perSecond);
        long[] delays = s.startDelays("%offered%");
        put("enqueue→start at " + perSecond + " jobs/s offered, " + when + ": p50 / p99 / max ms", fmt(
                delays[delays.length / 2], delays[(int) Math.ceil(0.99 * delays.length) - 1], delays[delays.length - 1]));
    }

    /**
     * -Dpeers.timeline=true: per {@code step} calls in the order sent, the slowest answer and the slowest send-to-stored
     * time (the server's created_at): a queue before the handler shows in both, one after it only in the answers.
     */
    private static void timeline(ServerProcess s, long[] answeredNanos, long[] sentAtMillis, int step) throws Exception {
        long[] created = s.createdAtByIndex("%offered%", answeredNanos.length);
        long[] answeredMs = new long[answeredNanos.length];
        long[] storedMs = new long[answeredNanos.length];
        for (int i = 0; i < answeredNanos.length; i++) {
            answeredMs[i] = answeredNanos[i] / 1_000_000;
            storedMs[i] = created[i] - sentAtMillis[i];
        }
        System.out.println("    slowest answer per " + step + " calls sent (ms):" + worstPerStep(answeredMs, step));
        System.out.println("    slowest send-to-stored per " + step + " calls sent (ms):" + worstPerStep(storedMs, step));
    }

    private static String worstPerStep(long[] values, int step) {
        StringBuilder line = new StringBuilder();
        for (int from = 0; from < values.length; from += step) {
            long worst = Long.MIN_VALUE;
            for (int i = from; i < Math.min(values.length, from + step); i++) {
                worst = Math.max(worst, values[i]);
            }
            line.append(' ').append(worst);
        }
        return line.toString();
    }

    private static boolean silent;

    private static long callerCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
    }

    static double startup(ServerProcess s) throws Exception {
        ManagedChannel ch = GrpcLoad.channel(s.grpcPort);
        try {
            while (true) {
                try {
                    JobProxyGrpc.newBlockingStub(ch).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .enqueue(GrpcLoad.echo(-1, EnqueueOptions.getDefaultInstance()));
                    return (System.nanoTime() - s.startedNanos) / 1e9;
                } catch (StatusRuntimeException e) {
                    // hazard: a refused connection puts the channel in reconnect backoff (1 s, then x1.6), and calls
                    // fail fast meanwhile; without this reset the figure measured grpc-java's backoff, not the server
                    Thread.sleep(20);
                    ch.resetConnectBackoff();
                }
            }
        } finally {
            ch.shutdownNow();
        }
    }

    static Path jar() {
        for (String p : new String[]{System.getProperty("jobproxy.jar", ""), "proxy/server/target/jobproxy.jar",
                "../proxy/server/target/jobproxy.jar"}) {
            if (!p.isEmpty() && Files.exists(Path.of(p))) {
                return Path.of(p).toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("jobproxy.jar not found: run mvn -q install -DskipTests first");
    }

    /** The figure the indented lines after it belong to (their labels repeat in every end-to-end run). */
    private static String lastTop = "";

    /**
     * The offered load against a throwaway server, nothing reported, then until this JVM's JIT is quiet. Hazard: the
     * first (cold) server measured also paid for this JVM compiling the paths a real server's answers, the database
     * polling and the process handling take (the benchmark's own CPU during the first cold load 6.1-7.1 s, of it
     * 7.1-9.2 s of JIT threads, against 2.7-3.0 s and 0.8-1.0 s during the next server's).
     */
    private static void warmCaller(Path jar) throws Exception {
        silent = true;
        try (ServerProcess s = ServerProcess.start(jar, "FULL")) {
            startup(s);
            offeredLoad(s, 1_000, 5, "warm-up");
        } finally {
            silent = false;
        }
        GrpcLoad.settle();
    }

    static void put(String name, Object value) {
        if (silent) {
            return;
        }
        if (name.startsWith(" ")) { // a detail of the figure above it: the JSON key names both
            OUT.put(lastTop + " / " + name.trim(), value);
        } else {
            lastTop = name;
            OUT.put(name, value);
        }
        System.out.printf("  %-100s %s%n", name, value instanceof Double d
                ? String.format(name.startsWith("RATIO") ? "%.2f" : "%,.1f", d) : value);
    }

    static String fmt(double a, double b, double c) {
        return String.format("%.1f / %.1f / %.1f", a, b, c);
    }

    static void write() throws Exception {
        StringBuilder json = new StringBuilder("{");
        OUT.forEach((k, v) -> json.append('"').append(k.replace("\"", "'")).append("\":")
                .append(v instanceof Number ? v.toString() : '"' + v.toString() + '"').append(','));
        json.setLength(json.length() - 1);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/peers.json"), json.append('}'));
        System.out.println("  (written to target/peers.json)");
    }
}
