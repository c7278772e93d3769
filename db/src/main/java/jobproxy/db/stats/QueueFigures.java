package jobproxy.db.stats;

/** Jobs waiting now: due and ready to run, blocked on a lock, scheduled for later; the oldest due run time (or null). */
public record QueueFigures(long due, long blocked, long scheduled, long processing, Long oldestDueRunAt) {
}
