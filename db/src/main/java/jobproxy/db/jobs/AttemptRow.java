package jobproxy.db.jobs;

/** One attempt of a job (DESIGN §5). finishedAt and outcome are null while the attempt runs. */
public record AttemptRow(
        String jobId,
        int number,
        String node,
        long startedAt,
        Long finishedAt,
        AttemptOutcome outcome,
        String errorClass,
        String errorMessage,
        String stackTrace) {
}
