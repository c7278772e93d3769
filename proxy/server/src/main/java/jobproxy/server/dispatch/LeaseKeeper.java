package jobproxy.server.dispatch;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.config.DispatchRole;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.config.ProxySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renews the leases of the jobs this node runs, every lease/3, in one UPDATE. A dead node stops renewing. */
@Singleton
@Requires(condition = DispatchRole.class)
class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Dispatcher dispatcher;
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final String node;
    private final long leaseMs;

    LeaseKeeper(Dispatcher dispatcher, GroupCommitter committer, JobTransitions transitions, ProxySettings proxy,
                DispatchSettings settings) {
        this.dispatcher = dispatcher;
        this.committer = committer;
        this.transitions = transitions;
        this.node = proxy.node();
        this.leaseMs = settings.getLease().toMillis();
    }

    @Scheduled(fixedDelay = "${jobproxy.dispatch.lease-renew-interval:20s}")
    void renew() {
        if (dispatcher.runningJobIds().isEmpty()) {
            return;
        }
        try {
            committer.run(c -> transitions.renewLeases(c, node, System.currentTimeMillis() + leaseMs));
        } catch (Exception e) {
            LOG.warn("could not renew the leases of node {}: {}", node, e.toString());
        }
    }
}
