package jobproxy.db.stats;

/** Jobs that finished in one time bucket starting at {@code bucketStart} (epoch ms). */
public record MinuteCount(long bucketStart, long completed, long failed) {
}
