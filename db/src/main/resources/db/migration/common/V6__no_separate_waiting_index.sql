-- jobs_waiting (V3) duplicated what jobs_ready and jobs_status_created already index (ready jobs by run time), and every
-- enqueue and claim paid for a third copy (measured in a schema simulation: ~1.2 of ~25 WAL pages per drain commit).
-- SQLite's planner never picked it for the dashboard's waiting-work query (it reads jobs_status_created, which does not
-- visit finished rows either); PostgreSQL can read jobs_ready for the same rows.
DROP INDEX jobs_waiting;
