package jobproxy.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs of the {@link Script} performer written by server processes, one line per finished run, read by tests. */
public final class RunFiles {
    /** A finished run in some process: key, job, attempt, process, and its span on the machine's monotonic clock. */
    public record Span(String key, String jobId, int attempt, long pid, long startNanos, long endNanos) {
    }

    private static final String DIR = System.getProperty("jobproxy.test.runs-dir");

    private RunFiles() {
    }

    static synchronized void record(Runs.Run r) {
        if (DIR == null) {
            return;
        }
        long pid = ProcessHandle.current().pid();
        String line = r.key + " " + r.jobId + " " + r.attempt + " " + pid + " " + r.startNanos + " " + r.endNanos + "\n";
        try {
            Files.writeString(Path.of(DIR, "runs-" + pid + ".log"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every run recorded under {@code dir} by any process. */
    public static List<Span> read(Path dir) throws IOException {
        List<Span> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("runs-")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    String[] p = line.split(" ");
                    out.add(new Span(p[0], p[1], Integer.parseInt(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]),
                            Long.parseLong(p[5])));
                }
            }
        }
        return out;
    }

    /** Most runs of {@code key} in progress at one instant, across all processes. */
    public static int maxOverlap(List<Span> spans, String key) {
        return Attempts.maxOverlapOf(spans.stream().filter(s -> s.key().equals(key))
                .map(s -> new long[]{s.startNanos(), s.endNanos()}).toList());
    }
}
