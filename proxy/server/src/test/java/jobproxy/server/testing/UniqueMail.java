package jobproxy.server.testing;

import jakarta.inject.Singleton;
import jobproxy.performer.JobContext;
import jobproxy.performer.Performer;
import jobproxy.performer.UniqueOn;

import java.util.Map;

/** Declarative duplicate suppression: one job per recipient and template, whatever else the payload says. */
@Singleton
@UniqueOn({"to", "template"})
public class UniqueMail extends Performer<Map<String, Object>, String> {
    @Override
    public String perform(Map<String, Object> payload, JobContext ctx) {
        return "sent to " + payload.get("to");
    }
}
