package jobproxy.admin.ports;

import jobproxy.db.jobs.Dispatch;

import java.util.List;

/**
 * What must happen after an admin action committed: owed broker messages go to the outbox relay (else they wait for
 * its sweep), and callers waiting on a job (AwaitJob) hear that it finished. Implemented by the proxy.
 */
public interface AfterCommit {
    void send(List<Dispatch> owed);

    void finished(String jobId);
}
