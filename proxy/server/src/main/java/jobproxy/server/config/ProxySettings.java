package jobproxy.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;

/** jobproxy.* — node identity and roles. Each nested group has its own class; defaults are in application.yml too. */
@ConfigurationProperties("jobproxy")
public class ProxySettings {
    /** Folder for the SQLite file and the Artemis journal. */
    private String dataDir = "./data";
    /** This node's name in attempts and the registry; empty: host-pid-random (unique per process start). */
    private String nodeName = "";
    /** Which parts this process runs: enqueue (gRPC), dispatch (performers), admin (HTTP). */
    private List<String> roles = List.of("enqueue", "dispatch", "admin");

    private final String generatedNode = defaultNodeName();

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    /** The effective node name. */
    public String node() {
        return nodeName == null || nodeName.isBlank() ? generatedNode : nodeName;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    private static String defaultNodeName() {
        String host = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
