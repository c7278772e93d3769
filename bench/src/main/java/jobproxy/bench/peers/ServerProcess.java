package jobproxy.bench.peers;

import jobproxy.bench.ScratchDirs;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * jobproxy as users run it: ./jobproxy (the shaded jar, its jvm.options and class-data archive) on a fresh data
 * folder. Peak RSS is read from the child's /proc status (VmHWM; the launcher execs java, so the pid is the JVM's);
 * counts and latencies from its SQLite file over a second, read-only connection (WAL readers do not block the writer).
 */
final class ServerProcess implements AutoCloseable {
    final Path dir;
    final int grpcPort;
    final Process process;
    final long startedNanos;

    private ServerProcess(Path dir, int grpcPort, Process process, long startedNanos) {
        this.dir = dir;
        this.grpcPort = grpcPort;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static ServerProcess start(Path jar, String sqliteSynchronous, String... extraProps) throws Exception {
        Path dir = ScratchDirs.create("jobproxy-peers");
        int grpc = freePort();
        // as the README starts it: ./jobproxy (proxy/server/jvm.options + the build's class-data archive); server
        // settings as --key=value arguments, JVM options in JOBPROXY_JAVA_OPTS. The HTTP port is the server's own pick
        // (-1: Micronaut binds a random free one); hazard: a port chosen here could be taken before the server bound
        // it, and the server then exited after its gRPC port had already answered the start-up probe
        List<String> cmd = new ArrayList<>(List.of(launcher(jar).toString(),
                "--jobproxy.data-dir=" + dir, "--jobproxy.grpc.port=" + grpc, "--micronaut.server.port=-1",
                "--jobproxy.admin.sweep-interval=0s",
                "--datasources.default.url=jdbc:sqlite:" + dir + "/jobproxy.db?journal_mode=WAL&synchronous="
                        + sqliteSynchronous + "&busy_timeout=10000&foreign_keys=true&transaction_mode=IMMEDIATE"
                        + System.getProperty("peers.sqliteUrl", ""))); // -Dpeers.sqliteUrl=&pragma=value: experiments
        for (String p : extraProps) {
            cmd.add(p.startsWith("-D") ? "--" + p.substring(2) : p);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), "server.log"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // -Dpeers.serverJvm="-Xmx256m ..." adds JVM options after jvm.options (later ones win)
        pb.environment().put("JOBPROXY_JAVA_OPTS", System.getProperty("peers.serverJvm", "").trim());
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new ServerProcess(dir, grpc, p, t0);
    }

    /** ./jobproxy at the root of the checkout the jar was built in (proxy/server/target/jobproxy.jar). */
    private static Path launcher(Path jar) {
        Path script = jar.toAbsolutePath().getParent().getParent().getParent().getParent().resolve("jobproxy");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no executable launcher at " + script + " beside " + jar);
        }
        return script;
    }

    /** CPU time the server process has used so far, all threads, user + system (ms). */
    long cpuMillis() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "no CPU time for the server process on this platform")).toMillis();
    }

    /** Peak resident set of the server process so far, in MiB (Linux /proc). */
    long peakRssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * CPU time so far of the server's threads whose name starts with {@code prefix}, user + system (ms; Linux /proc, where
     * a thread's comm is its Java name cut to 15 characters). Steadier than a rate on a shared VM: a neighbour's load
     * stretches wall time, much less the CPU a thread spends on the same work.
     */
    long threadCpuMillis(String prefix) throws Exception {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().startsWith(prefix)) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /**
     * Counts job rows; fails once the server has exited (hazard: a server that stopped after answering the start-up
     * probe, e.g. when a port it was given was taken before it bound it, left the benchmark polling forever).
     */
    long count(String where) throws Exception {
        if (!process.isAlive()) {
            throw new IllegalStateException("the jobproxy server exited with " + process.exitValue() + "; its log: "
                    + dir.resolve("server.log"));
        }
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE " + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** enqueue→start delays in ms (first attempt start minus created) of the jobs with this tag value. */
    long[] startDelays(String tagLike) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT a.started_at - j.created_at FROM jobs j"
                + " JOIN attempts a ON a.job_id = j.id AND a.number = 1 WHERE j.tags LIKE ?")) {
            ps.setString(1, tagLike);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    /** When the server stored each job of the offered load ({"i":n} payloads), by n: -1 for a job not found. */
    long[] createdAtByIndex(String tagLike, int total) throws Exception {
        long[] out = new long[total];
        java.util.Arrays.fill(out, -1);
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT json_extract(payload, '$.i'), created_at FROM jobs WHERE tags LIKE ?")) {
            ps.setString(1, tagLike);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    if (i >= 0 && i < total) {
                        out[i] = rs.getLong(2);
                    }
                }
            }
        }
        return out;
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobproxy.db") + "?open_mode=1");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
        ScratchDirs.delete(dir);
    }
}
