-- attempts as a WITHOUT ROWID table: the rows live in the (job_id, number) primary-key B-tree itself. As a rowid table
-- each attempt was written twice, once in the table and once in the primary-key index, at its start (claim) and again
-- at its end (outcome): two of the busiest writes of the drain (measured in a schema simulation: ~2.5 of ~25 WAL pages
-- per drain commit). Rows are small except a failure's stack trace, which SQLite keeps on overflow pages either way.
CREATE TABLE attempts_by_job (
    job_id        TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL CHECK (number >= 1),
    node          TEXT    NOT NULL,
    started_at    BIGINT  NOT NULL,
    finished_at   BIGINT,
    outcome       TEXT    CHECK (outcome IS NULL OR outcome IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT')),
    error_class   TEXT,
    error_message TEXT,
    stack_trace   TEXT,
    PRIMARY KEY (job_id, number),
    CHECK ((outcome IS NULL) = (finished_at IS NULL))
) WITHOUT ROWID;
INSERT INTO attempts_by_job (job_id, number, node, started_at, finished_at, outcome, error_class, error_message,
                             stack_trace)
SELECT job_id, number, node, started_at, finished_at, outcome, error_class, error_message, stack_trace FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts_by_job RENAME TO attempts;
