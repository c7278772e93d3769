-- The outbox reads owed rows one job name at a time, oldest first: it holds a name's messages back while that name's
-- broker queue is full (jobproxy.outbox.max-ready) and refills the queue from here. Name first, so that read is one
-- index range; the sweep (every name but the held ones, oldest first) then tests the name in the index instead of
-- visiting each held row. Measured on 94 000 held rows (SQLite): refill of 6 000 rows 3.8 ms, sweep 4.5 ms, where the
-- planner's own pick (jobs_status_created, then sorting every PENDING row) took 50 and 42 ms.
DROP INDEX jobs_outbox;
CREATE INDEX jobs_outbox ON jobs (name, owed_since) WHERE outbox_pending = 1;
