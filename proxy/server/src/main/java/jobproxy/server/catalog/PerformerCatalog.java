package jobproxy.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.BeanContext;
import jakarta.inject.Singleton;
import jobproxy.db.registry.PerformerRegistration;
import jobproxy.db.registry.RegistryRepository;
import jobproxy.performer.Performer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which job names can run: the performer beans of this process, plus those that other live dispatcher nodes registered
 * (DESIGN §7), so an enqueue-only node can reject unknown names. The remote part is re-read at most once per second;
 * it only decides admission of new names, never what a job's state is.
 */
@Singleton
public class PerformerCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PerformerCatalog.class);
    /** A node that has not heartbeated for this long no longer vouches for its performers. */
    static final Duration NODE_ALIVE = Duration.ofSeconds(30);

    private final Map<String, LocalPerformer> locals;
    private final RegistryRepository registry;
    private final ObjectMapper json;
    private volatile Map<String, KnownPerformer> remote = Map.of();
    private volatile long remoteReadAt;

    @SuppressWarnings({"rawtypes", "unchecked"})
    public PerformerCatalog(BeanContext beans, ObjectMapper json, RegistryRepository registry) {
        this.json = json;
        this.registry = registry;
        Map<String, LocalPerformer> found = new LinkedHashMap<>();
        for (Performer p : (Collection<Performer>) beans.getBeansOfType(Performer.class)) {
            LocalPerformer lp = new LocalPerformer(p, json);
            LocalPerformer clash = found.put(lp.name(), lp);
            if (clash != null) {
                throw new IllegalStateException("two performers are named '" + lp.name() + "': "
                        + clash.performer().getClass().getName() + " and " + p.getClass().getName());
            }
        }
        this.locals = Collections.unmodifiableMap(found);
    }

    public Collection<LocalPerformer> locals() {
        return locals.values();
    }

    public Optional<LocalPerformer> local(String name) {
        return Optional.ofNullable(locals.get(name));
    }

    /** The performer by name, local first, else registered by a live node. */
    public Optional<KnownPerformer> find(String name) throws SQLException {
        LocalPerformer lp = locals.get(name);
        if (lp != null) {
            return Optional.of(new KnownPerformer(name, lp.registeredDefaults(), Optional.of(lp)));
        }
        KnownPerformer k = remote().get(name);
        if (k == null && System.currentTimeMillis() - remoteReadAt > 100) {
            k = refreshRemote().get(name); // a node may have registered since the last read
        }
        return Optional.ofNullable(k);
    }

    /** The defaults JSON this node registers for a local performer. */
    public String defaultsJson(LocalPerformer p) {
        try {
            return json.writeValueAsString(p.registeredDefaults());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write defaults of " + p.name(), e);
        }
    }

    private Map<String, KnownPerformer> remote() throws SQLException {
        return System.currentTimeMillis() - remoteReadAt > 1000 ? refreshRemote() : remote;
    }

    private synchronized Map<String, KnownPerformer> refreshRemote() throws SQLException {
        long now = System.currentTimeMillis();
        Map<String, KnownPerformer> read = new HashMap<>();
        for (PerformerRegistration r : registry.livePerformers(now - NODE_ALIVE.toMillis())) {
            try {
                KnownPerformer.RegisteredDefaults d = json.readValue(r.defaultsJson(), KnownPerformer.RegisteredDefaults.class);
                read.putIfAbsent(r.name(), new KnownPerformer(r.name(), d, Optional.empty()));
            } catch (JsonProcessingException e) {
                LOG.warn("performer {} registered by node {} has unreadable defaults; ignored", r.name(), r.node());
            }
        }
        remote = read;
        remoteReadAt = now;
        return read;
    }
}
