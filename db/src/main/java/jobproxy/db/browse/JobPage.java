package jobproxy.db.browse;

import jobproxy.db.jobs.JobRow;

import java.util.List;

/** One page of the job list and the cursor of the next one (null on the last page). */
public record JobPage(List<JobRow> jobs, String next) {
}
