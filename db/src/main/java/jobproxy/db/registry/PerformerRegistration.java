package jobproxy.db.registry;

/** What a dispatcher node can run: one performer, as registered in the performers table (DESIGN §7). */
public record PerformerRegistration(String name, String node, String payloadType, int concurrency, String defaultsJson) {
}
