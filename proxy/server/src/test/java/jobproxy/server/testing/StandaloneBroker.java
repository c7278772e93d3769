package jobproxy.server.testing;

import jobproxy.server.broker.EmbeddedBroker;
import jobproxy.server.config.BrokerSettings;

/**
 * An Artemis broker alone in its own JVM (persistent journal, TCP acceptor): the "external broker" that fault tests
 * stop and start. Args: journal folder, port.
 */
public final class StandaloneBroker {
    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        BrokerSettings s = new BrokerSettings();
        s.setJournalDir(args[0]);
        s.setAcceptorUrl("tcp://127.0.0.1:" + args[1]);
        s.setServerId(7);
        new EmbeddedBroker(s).start();
        System.out.println("broker ready on " + args[1]);
        Thread.currentThread().join();
    }
}
