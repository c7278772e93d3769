package jobproxy.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import jobproxy.db.jobs.JobStatus;

import java.time.Duration;
import java.util.List;

/** jobproxy.admin.* — the admin screen and REST API. Defaults are documented in application.yml. */
@ConfigurationProperties("jobproxy.admin")
public class AdminSettings {
    /** Where the generated admin password's hash lives when no user is configured (under the data folder). */
    private String passwordFile = "./data/admin-password";
    /** A UI session ends after this long without a request. */
    private Duration sessionIdle = Duration.ofHours(8);
    /** Failed logins per user name from one address within a minute before further tries get 429 (10x per address). */
    private int loginAttemptsPerMinute = 5;
    /** Payload and result keys (any depth, case-insensitive) whose values the admin never shows. */
    private List<String> redactKeys = List.of("password", "passwd", "secret", "token", "api_key", "apikey",
            "authorization", "credit_card");
    /** Most jobs one bulk action may touch. */
    private int bulkLimit = 1000;
    /** Automatic sweep of old finished jobs: how often (0 = never), how old, which states. */
    private Duration sweepInterval = Duration.ofHours(1);
    private Duration sweepOlderThan = Duration.ofDays(7);
    private List<JobStatus> sweepStatuses = List.of(JobStatus.COMPLETED, JobStatus.CANCELLED);

    public String getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
    }

    public Duration getSessionIdle() {
        return sessionIdle;
    }

    public void setSessionIdle(Duration sessionIdle) {
        this.sessionIdle = sessionIdle;
    }

    public int getLoginAttemptsPerMinute() {
        return loginAttemptsPerMinute;
    }

    public void setLoginAttemptsPerMinute(int loginAttemptsPerMinute) {
        this.loginAttemptsPerMinute = loginAttemptsPerMinute;
    }

    public List<String> getRedactKeys() {
        return redactKeys;
    }

    public void setRedactKeys(List<String> redactKeys) {
        this.redactKeys = redactKeys;
    }

    public int getBulkLimit() {
        return bulkLimit;
    }

    public void setBulkLimit(int bulkLimit) {
        this.bulkLimit = bulkLimit;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public Duration getSweepOlderThan() {
        return sweepOlderThan;
    }

    public void setSweepOlderThan(Duration sweepOlderThan) {
        this.sweepOlderThan = sweepOlderThan;
    }

    public List<JobStatus> getSweepStatuses() {
        return sweepStatuses;
    }

    public void setSweepStatuses(List<JobStatus> sweepStatuses) {
        this.sweepStatuses = sweepStatuses;
    }
}
