package jobproxy.db.registry;

/** A proxy node with its roles and last heartbeat. */
public record NodeRow(String node, String roles, long startedAt, long heartbeatAt) {
}
