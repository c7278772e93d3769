package jobproxy.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jobproxy server in its own JVM (the test classpath, so test performers are there too), for faults only a real
 * process has: SIGKILL, SIGTERM. Its output goes to a log file under the data folder.
 */
public final class ServerProcess implements AutoCloseable {
    /** Short leases and sweeps so that recovery after a kill takes seconds, not minutes. */
    public static final Map<String, String> FAST_RECOVERY = Map.of(
            "jobproxy.dispatch.lease", "3s", "jobproxy.dispatch.lease-renew-interval", "1s",
            "jobproxy.dispatch.reaper-interval", "500ms", "jobproxy.recovery.orphan-grace", "3s",
            "jobproxy.recovery.orphan-interval", "1s", "jobproxy.outbox.sweep-interval", "300ms",
            "jobproxy.outbox.sweep-age", "1s");

    private static final Pattern GRPC_PORT = Pattern.compile("gRPC listening on [^:]+:(\\d+)");

    private final Process process;
    private final CompletableFuture<Integer> grpcPort = new CompletableFuture<>();
    private final CompletableFuture<Void> dispatching = new CompletableFuture<>();
    private final CompletableFuture<Void> brokerReady = new CompletableFuture<>();

    private ServerProcess(Process process, Path log) {
        this.process = process;
        Thread reader = new Thread(() -> pump(log), "server-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static ServerProcess start(Path dataDir, Map<String, String> properties) throws IOException {
        List<String> cmd = java();
        cmd.add("-Djobproxy.data-dir=" + dataDir);
        cmd.add("-Djobproxy.grpc.port=0");
        cmd.add("-Dmicronaut.server.port=-1");
        Map<String, String> all = new java.util.HashMap<>(TestDatabase.properties(dataDir));
        all.putAll(properties);
        all.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("jobproxy.server.Application");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ServerProcess(p, dataDir.resolve("server-" + p.pid() + ".log"));
    }

    /** A standalone Artemis broker process with its journal under {@code journalDir}, listening on {@code port}. */
    public static ServerProcess broker(Path journalDir, int port) throws Exception {
        List<String> cmd = java();
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(StandaloneBroker.class.getName());
        cmd.add(journalDir.toString());
        cmd.add(String.valueOf(port));
        java.nio.file.Files.createDirectories(journalDir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ServerProcess sp = new ServerProcess(p, journalDir.resolve("broker-" + p.pid() + ".log"));
        sp.brokerReady.get(60, TimeUnit.SECONDS);
        return sp;
    }

    private static List<String> java() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        return cmd;
    }

    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private void pump(Path log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = java.nio.file.Files.newBufferedWriter(log)) {
            for (String line; (line = r.readLine()) != null; ) {
                out.write(line);
                out.newLine();
                out.flush();
                if (Boolean.getBoolean("server.echo") || line.contains(" WARN ") || line.contains(" ERROR ")) {
                    System.out.println("[pid " + process.pid() + "] " + line); // visible in the test's report
                }
                Matcher m = GRPC_PORT.matcher(line);
                if (m.find()) {
                    grpcPort.complete(Integer.parseInt(m.group(1)));
                }
                if (line.contains("dispatching")) {
                    dispatching.complete(null);
                }
                if (line.startsWith("broker ready")) {
                    brokerReady.complete(null);
                }
            }
        } catch (IOException e) {
            grpcPort.completeExceptionally(e);
        }
        grpcPort.completeExceptionally(new IllegalStateException("server process ended before listening; see " + log));
        dispatching.completeExceptionally(new IllegalStateException("server process ended; see " + log));
        brokerReady.completeExceptionally(new IllegalStateException("broker process ended; see " + log));
    }

    /** The gRPC port once the server listens (waits for it). */
    public int grpcPort() throws Exception {
        return grpcPort.get(60, TimeUnit.SECONDS);
    }

    /** Waits until the dispatcher has started its lanes. */
    public void awaitDispatching() throws Exception {
        dispatching.get(60, TimeUnit.SECONDS);
    }

    /** kill -9: no shutdown hook, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** kill -TERM: the graceful shutdown path. Returns the exit code. */
    public int terminate(long waitSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(waitSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server did not stop within " + waitSeconds + " s of SIGTERM");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
