package jobproxy.server.catalog;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.registry.NodeRow;
import jobproxy.db.registry.PerformerRegistration;
import jobproxy.db.registry.RegistryRepository;
import jobproxy.server.config.DispatchRole;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.config.ProxySettings;
import jobproxy.server.maintenance.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/** Registers this dispatcher node and its performers in the database and keeps its heartbeat (DESIGN §7). */
@Context
@Requires(condition = DispatchRole.class)
public class NodeRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);

    private final GroupCommitter committer;
    private final RegistryRepository registry;
    private final PerformerCatalog catalog;
    private final ProxySettings proxy;
    private final DispatchSettings dispatch;
    private final long startedAt = System.currentTimeMillis();
    private final Duration heartbeatEvery;
    private Periodic heartbeats;

    public NodeRegistration(GroupCommitter committer, RegistryRepository registry, PerformerCatalog catalog,
                            ProxySettings proxy, DispatchSettings dispatch,
                            @Value("${jobproxy.dispatch.heartbeat-interval:5s}") Duration heartbeatEvery) {
        this.heartbeatEvery = heartbeatEvery;
        this.committer = committer;
        this.registry = registry;
        this.catalog = catalog;
        this.proxy = proxy;
        this.dispatch = dispatch;
    }

    @PostConstruct
    void start() throws Exception {
        register();
        heartbeats = Periodic.every(heartbeatEvery, "heartbeat", this::heartbeat);
    }

    private void register() throws Exception {
        long now = System.currentTimeMillis();
        List<PerformerRegistration> performers = catalog.locals().stream()
                .map(p -> new PerformerRegistration(p.name(), proxy.node(), p.payloadTypeName(),
                        dispatch.concurrencyOf(p.name(), p.defaults().concurrency()),
                        catalog.defaultsJson(p)))
                .toList();
        NodeRow row = new NodeRow(proxy.node(), String.join(",", proxy.getRoles()), startedAt, now);
        committer.run(c -> {
            registry.register(c, row, performers);
            return null;
        });
    }

    void heartbeat() {
        try {
            boolean known = committer.run(c -> registry.heartbeat(c, proxy.node(), System.currentTimeMillis()));
            if (!known) {
                register(); // swept as dead while we were paused: come back
            }
        } catch (Exception e) {
            LOG.warn("heartbeat of node {} failed: {}", proxy.node(), e.toString());
        }
    }

    @PreDestroy
    void deregister() {
        heartbeats.close();
        try {
            committer.run(c -> {
                registry.deregister(c, proxy.node());
                return null;
            });
        } catch (Exception e) {
            LOG.debug("could not deregister node {}: {}", proxy.node(), e.toString());
        }
    }
}
