package jobproxy.server.dispatch;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jobproxy.db.commit.GroupCommitter;
import jobproxy.db.jobs.JobTransitions;
import jobproxy.server.config.DispatchRole;
import jobproxy.server.config.DispatchSettings;
import jobproxy.server.config.ProxySettings;
import jobproxy.server.maintenance.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the leases of the jobs this node runs (one UPDATE every renew interval) and polices them: an attempt whose
 * lease this node can no longer vouch for (the renewal did not return it because it was rescued, or no renewal
 * succeeded before the lease ran out, e.g. after a long pause) is interrupted. Its outcome write would be refused
 * anyway; stopping it keeps it from overlapping its successor's side effects for longer than it must.
 */
@Context
@Requires(condition = DispatchRole.class)
class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final RunningAttempts running;
    private final GroupCommitter committer;
    private final JobTransitions transitions;
    private final String node;
    private final long leaseMs;
    private final Duration renewEvery;
    private final Duration checkEvery;
    private Periodic renewer;
    private Periodic checker;

    LeaseKeeper(RunningAttempts running, GroupCommitter committer, JobTransitions transitions, ProxySettings proxy,
                DispatchSettings settings,
                @Value("${jobproxy.dispatch.lease-renew-interval:20s}") Duration renewEvery,
                @Value("${jobproxy.dispatch.lease-check-interval:1s}") Duration checkEvery) {
        this.running = running;
        this.renewEvery = renewEvery;
        this.checkEvery = checkEvery;
        this.committer = committer;
        this.transitions = transitions;
        this.node = proxy.node();
        this.leaseMs = settings.getLease().toMillis();
    }

    @PostConstruct
    void start() {
        renewer = Periodic.every(renewEvery, "lease-renewer", this::renew);
        checker = Periodic.every(checkEvery, "lease-checker", this::police);
    }

    @PreDestroy
    void stop() {
        renewer.close();
        checker.close();
    }

    void renew() {
        if (running.isEmpty()) {
            return;
        }
        long asked = System.currentTimeMillis();
        List<RunningAttempt> before = List.copyOf(running.all());
        try {
            Set<String> held = new HashSet<>(committer.run(c -> transitions.renewLeases(c, node, asked + leaseMs)));
            for (RunningAttempt a : before) {
                if (held.contains(a.job.id())) {
                    a.leaseUntil = asked + leaseMs;
                } else {
                    lost(a, "its lease was taken over (the job was rescued while this node stalled)");
                }
            }
        } catch (Exception e) {
            LOG.warn("could not renew the leases of node {}: {}", node, e.toString());
        }
    }

    /**
     * Stops attempts whose lease is about to run out without a successful renewal: a quarter of the lease before it
     * expires, so that the attempt has stopped before any other node may rescue the job and start its successor.
     */
    void police() {
        long deadline = System.currentTimeMillis() + leaseMs / 4;
        for (RunningAttempt a : running.all()) {
            if (a.leaseUntil < deadline) {
                lost(a, "its lease runs out and could not be renewed");
            }
        }
    }

    private void lost(RunningAttempt a, String why) {
        if (a.claimReport()) { // nobody may record an outcome for it now: its write would carry a stale token
            LOG.warn("job {} ({}) attempt {}: lease lost, interrupting: {}", a.job.id(), a.job.name(), a.job.attempts(), why);
            a.interrupt();
            a.ack(); // its message is spent: the rescue owes the job a new one
        }
    }
}
