package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** jobproxy.broker.* — the Artemis broker: embedded in this process (default) or external. */
@ConfigurationProperties("jobproxy.broker")
public class BrokerSettings {
    /** embedded or external. */
    private String mode = "embedded";
    /** external: the broker URL, e.g. tcp://host:61616 (Artemis syntax; (tcp://a:61616,tcp://b:61616) for HA). */
    private String url = "";
    /**
     * The broker login. External: the user jobproxy logs in as. Embedded: when set, the embedded broker requires this
     * login of every connection, in-VM and TCP (required for an acceptor beyond loopback).
     */
    private String user = "";
    private String password = "";
    /** embedded: folder of the persistent journal (bindings, journal, paging, large messages). */
    private String journalDir = "./data/artemis";
    /** embedded: fsync the journal on every durable commit. Turning it off risks messages on power loss. */
    private boolean journalDatasync = true;
    /** embedded: the in-VM acceptor id; distinct per broker in one JVM (tests running two nodes). */
    private int serverId = 0;
    /** embedded: also open a TCP acceptor at this URL (e.g. tcp://0.0.0.0:61616) so other nodes can share it. */
    private String acceptorUrl = "";
    /**
     * Prefetch per worker slot, in bytes of broker messages (a job message is about 300 bytes): a performer's consumer
     * buffers at most concurrency x this. Small keeps work fairly shared: a node whose workers are all busy holds only a
     * few messages other nodes could run (hazard: Artemis's default 1 MiB window lets one slow node hoard thousands).
     * 0: no buffer at all, a message goes only to a node with a free worker (one broker round trip per job).
     */
    private int prefetchBytesPerWorker = 1024;
    /**
     * embedded: heap the queued messages may use before the broker pages further ones to disk (Artemis's
     * global-max-size, e.g. 16MiB). Artemis's default, half the heap, undercounts: a queued job costs more heap than
     * Artemis counts for it (16 MiB counted held ~23 000 messages in ~35 MiB of heap, jmap), and a 57 000-job backlog
     * ran a 128 MiB heap out of memory (measured). 8MiB fits the 96 MiB heap of jvm.options.
     */
    private String globalMaxSize = "8MiB";

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public boolean isEmbedded() {
        return "embedded".equalsIgnoreCase(mode);
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getJournalDir() {
        return journalDir;
    }

    public void setJournalDir(String journalDir) {
        this.journalDir = journalDir;
    }

    public boolean isJournalDatasync() {
        return journalDatasync;
    }

    public void setJournalDatasync(boolean journalDatasync) {
        this.journalDatasync = journalDatasync;
    }

    public int getServerId() {
        return serverId;
    }

    public void setServerId(int serverId) {
        this.serverId = serverId;
    }

    public String getAcceptorUrl() {
        return acceptorUrl;
    }

    public void setAcceptorUrl(String acceptorUrl) {
        this.acceptorUrl = acceptorUrl;
    }

    public int getPrefetchBytesPerWorker() {
        return prefetchBytesPerWorker;
    }

    public void setPrefetchBytesPerWorker(int prefetchBytesPerWorker) {
        if (prefetchBytesPerWorker < 0) {
            throw new IllegalArgumentException("jobproxy.broker.prefetch-bytes-per-worker must be 0 or more, not "
                    + prefetchBytesPerWorker);
        }
        this.prefetchBytesPerWorker = prefetchBytesPerWorker;
    }

    /** The consumer window of a performer's consumer with {@code concurrency} workers. */
    public int consumerWindowBytes(int concurrency) {
        return (int) Math.min(Integer.MAX_VALUE, (long) prefetchBytesPerWorker * concurrency);
    }

    public String getGlobalMaxSize() {
        return globalMaxSize;
    }

    public void setGlobalMaxSize(String globalMaxSize) {
        this.globalMaxSize = globalMaxSize;
    }
}
