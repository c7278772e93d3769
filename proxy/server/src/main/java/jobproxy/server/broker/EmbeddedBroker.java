package jobproxy.server.broker;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jobproxy.server.config.BrokerSettings;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.utils.ByteUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * The Artemis broker inside this process (the default): persistent journal on disk, in-VM acceptor, optionally a TCP
 * acceptor for other nodes. Started lazily by {@link BrokerConnection} when the broker mode is embedded.
 */
@Singleton
public class EmbeddedBroker {
    private static final String ROLE = "jobproxy";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final BrokerSettings settings;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        EmbeddedActiveMQ s = new EmbeddedActiveMQ();
        s.setConfiguration(configuration());
        if (secured()) {
            SecurityConfiguration users = new SecurityConfiguration();
            users.addUser(settings.getUser(), settings.getPassword());
            users.addRole(settings.getUser(), ROLE);
            s.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        }
        s.start();
        server = s;
        LOG.info("embedded Artemis broker started, journal in {}", Path.of(settings.getJournalDir()).toAbsolutePath());
    }

    /** The running broker (tests and diagnostics look at its queues); null before start. */
    public synchronized org.apache.activemq.artemis.core.server.ActiveMQServer server() {
        return server == null ? null : server.getActiveMQServer();
    }

    /** The URL clients in this process use. */
    public String inVmUrl() {
        return "vm://" + settings.getServerId();
    }

    private Configuration configuration() throws Exception {
        Path dir = Path.of(settings.getJournalDir()).toAbsolutePath();
        ConfigurationImpl c = new ConfigurationImpl();
        c.setName("jobproxy-" + settings.getServerId());
        c.setPersistenceEnabled(true);
        // with jobproxy.broker.user set, every connection (in-VM and TCP) must log in as that user
        c.setSecurityEnabled(secured());
        if (secured()) {
            c.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true)));
        }
        c.setJMXManagementEnabled(false);
        c.setJournalType(JournalType.NIO); // portable; ASYNCIO needs libaio, which a fresh machine lacks
        c.setJournalDatasync(settings.isJournalDatasync());
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        // job messages carry no duplicate ids (OutboxRelay says why): no id cache to keep or journal
        c.setPersistIDCache(false);
        c.setGlobalMaxSize(globalMaxSize());
        c.addAcceptorConfiguration("in-vm", inVmUrl());
        if (!settings.getAcceptorUrl().isBlank()) {
            requireLoginBeyondLoopback(settings.getAcceptorUrl());
            c.addAcceptorConfiguration("tcp", settings.getAcceptorUrl());
        }
        // job queues: created on demand, never deleted behind our back; page to disk rather than block producers
        c.addAddressSetting(JobQueues.PREFIX + "#", new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteAddresses(false)
                .setAutoDeleteQueues(false)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                // a backlog beyond global-max-size pages to disk; Artemis's defaults then read 10 MiB page files and
                // 20 MiB of paged messages back into the heap at once (hazard: measured, with those a 50 000-job backlog
                // ran a 112 MiB heap out of memory while paging); small pages and reads keep a backlog's heap bounded
                .setPageSizeBytes(1 << 20)
                .setMaxReadPageBytes(4 << 20)
                .setPrefetchPageBytes(2 << 20)
                .setMaxDeliveryAttempts(-1) // the database decides when a job gives up, never the broker's DLQ
                .setDeadLetterAddress(SimpleString.of("jobproxy.dead-letters"))
                .setExpiryAddress(SimpleString.of("jobproxy.expired"))
                .setRedeliveryDelay(0));
        return c;
    }

    /** jobproxy.broker.global-max-size in bytes; a malformed or non-positive size stops the start with its name. */
    private long globalMaxSize() {
        String text = settings.getGlobalMaxSize();
        long bytes;
        try {
            bytes = ByteUtil.convertTextBytes(text.trim());
        } catch (RuntimeException e) {
            bytes = -1;
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("jobproxy.broker.global-max-size: expected a size such as 16MiB or"
                    + " 64MB, got '" + text + "'");
        }
        return bytes;
    }

    private boolean secured() {
        return !settings.getUser().isBlank();
    }

    /**
     * An acceptor other machines can reach hands out every job id and accepts any message; it needs a login (hazard:
     * a shared broker opened on 0.0.0.0 with security off). Loopback stays open for the one-machine setups.
     */
    private void requireLoginBeyondLoopback(String acceptorUrl) throws Exception {
        String host = URI.create(acceptorUrl).getHost();
        boolean loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
        if (!loopback && !secured()) {
            throw new IllegalStateException("jobproxy.broker.acceptor-url " + acceptorUrl + " is reachable from other"
                    + " machines: set jobproxy.broker.user and jobproxy.broker.password (every node connects with them)");
        }
    }

    @PreDestroy
    public synchronized void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
