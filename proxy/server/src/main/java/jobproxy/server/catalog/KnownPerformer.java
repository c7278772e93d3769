package jobproxy.server.catalog;

import jobproxy.db.jobs.Backoff;

import java.util.List;
import java.util.Optional;

/**
 * A job name some dispatcher can run, with the defaults enqueue applies. {@code local} is present when this node has the
 * class itself (then payloads are checked against its type and keys can be derived from the payload).
 */
public record KnownPerformer(String name, RegisteredDefaults defaults, Optional<LocalPerformer> local) {

    /** The performer's defaults as stored in the registry, in database units. */
    public record RegisteredDefaults(int maxAttempts, Long timeoutMs, Backoff backoff, int exclusionLimit,
                                     Integer globalLimit, List<String> uniqueOn) {
    }
}
