-- Indexes behind the admin screen's reads (issue 4): every sortable time column has an (column, id) index so keyset
-- pages are index range scans at any depth (hazard: OFFSET paging and sorts over 1 000 000 rows).
CREATE INDEX jobs_created ON jobs (created_at, id);
CREATE INDEX jobs_run_at ON jobs (run_at, id);
CREATE INDEX jobs_started ON jobs (started_at, id) WHERE started_at IS NOT NULL;
-- finished jobs: sort, the sweep of old finished jobs, and the dashboard (covering: the chart and per-performer figures
-- read only this index)
CREATE INDEX jobs_finished ON jobs (finished_at, name, status, started_at, id) WHERE finished_at IS NOT NULL;
CREATE INDEX jobs_duration ON jobs ((finished_at - started_at), id) WHERE finished_at IS NOT NULL AND started_at IS NOT NULL;
CREATE INDEX jobs_name_status_created ON jobs (name, status, created_at, id);
DROP INDEX jobs_status_created;
CREATE INDEX jobs_status_created ON jobs (status, created_at, id);
DROP INDEX jobs_name_created;
CREATE INDEX jobs_name_created ON jobs (name, created_at, id);
