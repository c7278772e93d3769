package jobproxy.server.outbox;

import jobproxy.db.jobs.Dispatch;
import jobproxy.db.jobs.JobRepository;
import jobproxy.server.broker.BrokerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keeps at most jobproxy.outbox.max-ready ready messages per job name on the embedded broker. A job beyond that is not
 * sent: it stays owed in the database, where it is stored anyway, and the name is <em>held</em>; while held, every new
 * message of that name waits there too (so the oldest debt goes first), and each time the queue has drained below half
 * the limit the relay sends the oldest owed rows that fit. Hazard it removes: a backlog larger than the broker's
 * memory paged to disk, and every paged message was written to a page file, read back and its acknowledgement
 * journaled once more (measured: a fifth more server CPU per job in the 100 000-job run).
 * Decisions run on the relay's sender thread; {@link #held()} is read by the sweep, which must leave held names alone.
 */
final class Backpressure {
    private static final Logger LOG = LoggerFactory.getLogger(Backpressure.class);
    private static final long CHECK_NANOS = 20_000_000L;
    private static final int IN_FLIGHT_SLACK = 1_000;

    private final BrokerConnection broker;
    private final JobRepository jobs;
    private final int maxReady;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Room> rooms = new HashMap<>();
    private long nextCheck;

    Backpressure(BrokerConnection broker, JobRepository jobs, int maxReady) {
        this.broker = broker;
        this.jobs = jobs;
        this.maxReady = maxReady;
    }

    /** Job names whose messages wait in the database for room on the broker. */
    Set<String> held() {
        return Collections.unmodifiableSet(held);
    }

    /** How long the sender may wait for new work before it must look at the held names again. */
    long pollMillis() {
        return held.isEmpty() ? 100 : CHECK_NANOS / 1_000_000;
    }

    /**
     * The dispatches of {@code batch} that fit on the broker now, in order; the others are left owed in the database
     * and their names held.
     */
    List<Dispatch> admit(List<Dispatch> batch) {
        if (maxReady == 0) {
            return batch;
        }
        long now = System.nanoTime();
        List<Dispatch> out = new ArrayList<>(batch.size());
        for (Dispatch d : batch) {
            if (held.contains(d.name())) {
                continue;
            }
            Room room = room(d.name(), now);
            if (room.left <= 0) {
                held.add(d.name());
                rooms.remove(d.name());
                LOG.debug("outbox: queue of {} holds {} ready messages; further jobs wait in the database", d.name(), maxReady);
                continue;
            }
            room.left--;
            out.add(d);
        }
        return out;
    }

    /**
     * The room a name's queue has, read from the broker at most every 20 ms and counted down by what is sent meanwhile;
     * consumers only add room, so the estimate errs on the safe side. Hazard it removes: a broker read before every
     * send cost a lone caller on a dispatching node 0.2-0.6 ms of p50 (four alternating pairs; none with the estimate),
     * likely by putting its job on the broker later, so that the job's claim took the commit the next enqueue needed.
     */
    private Room room(String name, long now) {
        Room room = rooms.computeIfAbsent(name, n -> new Room());
        // not read again sooner, even when the estimate ran out: a read waits for the queue's executor to count what
        // was sent (BrokerConnection.readyMessages), and reads per send were what cost the lone caller above
        if (!room.read || now - room.readAt > CHECK_NANOS) {
            room.left = readRoom(name);
            room.readAt = now;
            room.read = true;
        }
        return room;
    }

    /** What the sender knows of a name's room on the broker (sender thread only). */
    private static final class Room {
        boolean read;
        long left;
        long readAt;
    }

    /**
     * For each held name whose queue drained below half the limit: its oldest owed rows that fit, not counting those
     * {@code inFlight} already holds (sent, their mark-sent not committed yet). A name whose owed rows all fit is no
     * longer held: the read saw every row committed before it, and a job committed after it is handed to the sender
     * after this call, so none is left behind.
     */
    List<Dispatch> refill(Predicate<Dispatch> inFlight) {
        long now = System.nanoTime();
        if (held.isEmpty() || now - nextCheck < 0) {
            return List.of();
        }
        nextCheck = now + CHECK_NANOS;
        List<Dispatch> out = new ArrayList<>();
        for (String name : List.copyOf(held)) {
            long room = readRoom(name);
            if (room < maxReady / 2) {
                continue;
            }
            // rows sent by the last refill stay owed until their deferred mark-sent commits; read past that many
            int limit = (int) Math.min(Integer.MAX_VALUE - IN_FLIGHT_SLACK, room) + IN_FLIGHT_SLACK;
            List<Dispatch> owed;
            try {
                owed = jobs.owedDispatchesOf(name, limit);
            } catch (SQLException e) {
                LOG.warn("outbox: could not read the owed messages of {} (next try in {} ms): {}", name,
                        CHECK_NANOS / 1_000_000, e.toString());
                continue;
            }
            for (Dispatch d : owed) {
                if (room > 0 && !inFlight.test(d)) {
                    out.add(d);
                    room--;
                }
            }
            if (owed.size() < limit && room > 0) {
                held.remove(name);
                LOG.debug("outbox: queue of {} caught up with the database", name);
            }
        }
        return out;
    }

    /** Messages the name's queue may still take; unlimited for an external broker (its count is not readable here). */
    private long readRoom(String name) {
        OptionalLong ready = broker.readyMessages(name);
        return ready.isPresent() ? maxReady - ready.getAsLong() : Long.MAX_VALUE;
    }
}
