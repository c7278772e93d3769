package jobproxy.db.commit;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The group committer's deferred work: pieces nobody waits for, each due a fixed delay after it was queued. They ride
 * along with the next batch the writer commits anyway; a writer commits them on their own only once the oldest is due.
 * One delay for all keeps the queue in due order, so only its head is ever looked at.
 */
final class DeferredWork<I> {
    private record Entry<I>(I item, long dueNanos) {
    }

    private final Queue<Entry<I>> queue = new ConcurrentLinkedQueue<>();
    private final long delayNanos;

    DeferredWork(long delayNanos) {
        this.delayNanos = delayNanos;
    }

    void add(I item, long nowNanos) {
        queue.add(new Entry<>(item, nowNanos + delayNanos));
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** How long a writer with nothing else to do may wait before the oldest piece is due; at most {@code idleNanos}. */
    long waitNanos(long idleNanos, long nowNanos) {
        Entry<I> head = queue.peek();
        return head == null ? idleNanos : Math.max(0, Math.min(idleNanos, head.dueNanos() - nowNanos));
    }

    /** True when the oldest piece waited its delay, or {@code stopping} (all of it is committed before the writer ends). */
    boolean due(boolean stopping, long nowNanos) {
        Entry<I> head = queue.peek();
        return head != null && (stopping || head.dueNanos() - nowNanos <= 0);
    }

    /** Moves queued pieces into the batch, oldest first, until it holds {@code max}. */
    void drainInto(List<? super I> batch, int max) {
        for (Entry<I> e; batch.size() < max && (e = queue.poll()) != null; ) {
            batch.add(e.item());
        }
    }
}
