package jobproxy.db.stats;

/** One performer's finished jobs in a window: counts and processing time (last attempt start to finish) in ms. */
public record PerformerFigures(String name, long completed, long failed, long p50Ms, long p95Ms, long maxMs) {
    public double failureRate() {
        long all = completed + failed;
        return all == 0 ? 0 : (double) failed / all;
    }
}
