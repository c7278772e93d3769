package jobproxy.bench.peers;

import jobproxy.bench.ScratchDirs;

import jobproxy.server.broker.EmbeddedBroker;
import jobproxy.server.config.BrokerSettings;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.paging.PagingStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The physical limits of this design on this machine, with jobproxy's own settings: Artemis alone (the same embedded
 * broker class, NIO journal, datasync on) sending and receiving durable messages, and SQLite alone committing rows.
 */
final class RawCeilings {
    record Artemis(double send16PerS, double sendTx100PerS, double receivePerS) {
    }

    record Sqlite(double commitsPerS, double rowsTx100PerS) {
    }

    private RawCeilings() {
    }

    static Artemis artemis(int messages) throws Exception {
        Path dir = ScratchDirs.create("raw-artemis");
        BrokerSettings s = new BrokerSettings();
        s.setJournalDir(dir.toString());
        s.setServerId(77);
        EmbeddedBroker broker = new EmbeddedBroker(s);
        broker.start();
        try (ServerLocator locator = ActiveMQClient.createServerLocator(broker.inVmUrl());
             ClientSessionFactory f = locator.createSessionFactory()) {
            try (ClientSession admin = f.createSession()) {
                admin.createQueue(QueueConfiguration.of("raw").setRoutingType(RoutingType.ANYCAST).setDurable(true));
            }
            double send16 = sendFrom(f, 16, messages);
            long t0 = System.nanoTime();
            try (ClientSession tx = f.createSession(false, false); ClientProducer p = tx.createProducer("raw")) {
                for (int i = 0; i < messages; i++) {
                    p.send(durable(tx, i));
                    if (i % 100 == 99) {
                        tx.commit();
                    }
                }
                tx.commit();
            }
            double tx100 = messages / ((System.nanoTime() - t0) / 1e9);
            long r0 = System.nanoTime();
            try (ClientSession rs = f.createSession(false, true, 100 * 1024); ClientConsumer c = rs.createConsumer("raw")) {
                rs.start();
                for (int i = 0; i < 2 * messages; i++) {
                    c.receive(10_000).acknowledge();
                }
                rs.commit();
            }
            double receive = 2.0 * messages / ((System.nanoTime() - r0) / 1e9);
            settle(broker);
            return new Artemis(send16, tx100, receive);
        } finally {
            broker.stop();
            ScratchDirs.delete(dir);
        }
    }

    /**
     * Lets the broker finish cleaning up the pages the backlog left, then stops its cleanup (hazard: a stop while the
     * paging cleanup still ran made its threads log "Journal must be in state=LOADED" by the ten thousand and throw
     * RejectedExecutionException, and Maven's exec plugin then failed the benchmark after it had printed its figures).
     */
    private static void settle(EmbeddedBroker broker) throws Exception {
        PagingStore pages = broker.server().getPagingManager().getPageStore(SimpleString.of("raw"));
        if (pages != null) {
            pages.getCursorProvider().scheduleCleanup().get(60, TimeUnit.SECONDS);
            pages.flushExecutors();
            pages.disableCleanup();
        }
    }

    private static ClientMessage durable(ClientSession s, int i) {
        ClientMessage m = s.createMessage(true);
        m.getBodyBuffer().writeString("job-" + i);
        return m;
    }

    private static double sendFrom(ClientSessionFactory f, int senders, int messages) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(senders);
        long t0 = System.nanoTime();
        for (int t = 0; t < senders; t++) {
            new Thread(() -> {
                try (ClientSession s = f.createSession(); ClientProducer p = s.createProducer("raw")) {
                    for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                        p.send(durable(s, i)); // blocks until the journal synced it
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        return messages / ((System.nanoTime() - t0) / 1e9);
    }

    static Sqlite sqlite(int rows, String synchronous) throws Exception {
        Path dir = ScratchDirs.create("raw-sqlite");
        try {
            return sqliteIn(dir, rows, synchronous);
        } finally {
            ScratchDirs.delete(dir);
        }
    }

    private static Sqlite sqliteIn(Path dir, int rows, String synchronous) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db")
                + "?journal_mode=WAL&synchronous=" + synchronous)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at BIGINT NOT NULL)");
            }
            int single = Math.min(rows, 5_000);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, '{}', ?)")) {
                for (int i = 0; i < single; i++) {
                    ps.setString(1, "a" + i);
                    ps.setLong(2, i);
                    ps.executeUpdate(); // autocommit: one commit each
                }
            }
            double commits = single / ((System.nanoTime() - t0) / 1e9);
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, '{}', ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "b" + i);
                    ps.setLong(2, i);
                    ps.executeUpdate();
                    if (i % 100 == 99) {
                        c.commit();
                    }
                }
                c.commit();
            }
            return new Sqlite(commits, rows / ((System.nanoTime() - t1) / 1e9));
        }
    }
}
