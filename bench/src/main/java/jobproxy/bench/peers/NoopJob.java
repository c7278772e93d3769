package jobproxy.bench.peers;

/** JobRunr's job for the side-by-side run: does nothing, like jobproxy's Echo. */
public final class NoopJob {
    private NoopJob() {
    }

    public static void run(int i) {
        // no-op
    }
}
