package jobproxy.db.browse;

import jobproxy.db.jobs.JobStatus;

import java.util.List;
import java.util.Map;

/**
 * What an operator narrows the job list to. Empty lists and null bounds mean "any". {@code text} matches an id prefix,
 * a unique key, an exclusion key, or a part of the last error message.
 */
public record JobFilter(List<String> names, List<JobStatus> statuses, Map<String, String> tags, Long createdFrom,
                        Long createdTo, String text) {
    public static final JobFilter ANY = new JobFilter(List.of(), List.of(), Map.of(), null, null, null);

    public JobFilter {
        names = List.copyOf(names);
        statuses = List.copyOf(statuses);
        tags = Map.copyOf(tags);
    }
}
