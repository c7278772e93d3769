-- Free-text search over error messages reads only jobs that have one (hazard: LIKE '%x%' scanning every row at 10^6).
CREATE INDEX jobs_errors ON jobs (last_error) WHERE last_error IS NOT NULL;
-- The dashboard's waiting-work figures: ready jobs by run time, without visiting finished rows.
CREATE INDEX jobs_waiting ON jobs (run_at) WHERE status IN ('PENDING', 'RETRY_PENDING');
