package jobproxy.server.dispatch;

import org.apache.activemq.artemis.api.core.client.ClientMessage;

/**
 * A job a lane claimed: it waits in the lane's worker queue until a worker runs it, or is given back when it waited too
 * long (see {@link ClaimWindow}). Its place in the window frees when the worker is done with it.
 */
final class ClaimedJob implements Runnable {
    final RunningAttempt attempt;
    final ClientMessage message;
    final long claimedAt;
    private final ClaimWindow window;
    private final Runnable perform;

    ClaimedJob(RunningAttempt attempt, ClientMessage message, long claimedAt, ClaimWindow window, Runnable perform) {
        this.attempt = attempt;
        this.message = message;
        this.claimedAt = claimedAt;
        this.window = window;
        this.perform = perform;
    }

    @Override
    public void run() {
        window.started(this);
        try {
            perform.run();
        } finally {
            window.ended(this);
            window.release();
        }
    }
}
