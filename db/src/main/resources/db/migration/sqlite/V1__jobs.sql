-- jobproxy schema, SQLite flavour. Times are epoch milliseconds (BIGINT) so that SQLite and PostgreSQL share one set of
-- queries. The job state machine (DESIGN §5) is enforced here by CHECK constraints and in db/.../JobTransitions by
-- guarded UPDATEs; nothing else writes status.

CREATE TABLE jobs (
    id                 TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('PENDING', 'BLOCKED', 'PROCESSING', 'RETRY_PENDING',
                                                         'COMPLETED', 'FAILED', 'CANCELLED')),
    payload            TEXT    NOT NULL,
    result             TEXT,
    attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts       INTEGER NOT NULL CHECK (max_attempts >= 1),
    priority           INTEGER NOT NULL DEFAULT 0,
    created_at         BIGINT  NOT NULL,
    run_at             BIGINT  NOT NULL,
    started_at         BIGINT,
    finished_at        BIGINT,
    timeout_ms         BIGINT  CHECK (timeout_ms IS NULL OR timeout_ms > 0),
    backoff_kind       TEXT    NOT NULL CHECK (backoff_kind IN ('FIXED', 'EXPONENTIAL')),
    backoff_initial_ms BIGINT  NOT NULL CHECK (backoff_initial_ms >= 0),
    backoff_multiplier DOUBLE PRECISION NOT NULL CHECK (backoff_multiplier >= 1),
    backoff_max_ms     BIGINT  NOT NULL CHECK (backoff_max_ms >= 0),
    backoff_jitter     DOUBLE PRECISION NOT NULL CHECK (backoff_jitter >= 0 AND backoff_jitter <= 1),
    unique_key         TEXT,
    unique_for_ms      BIGINT  NOT NULL DEFAULT 0 CHECK (unique_for_ms >= 0),
    exclusion_key      TEXT,
    exclusion_limit    INTEGER NOT NULL DEFAULT 1 CHECK (exclusion_limit >= 1),
    tags               TEXT    NOT NULL DEFAULT '{}',
    last_error         TEXT,
    -- the dispatcher node holding the job while PROCESSING, and until when its lease runs
    node               TEXT,
    lease_until        BIGINT,
    -- bumped each time the job becomes ready to run again (enqueue, retry, operator retry, release, rescue); the broker
    -- message carries it and Artemis de-duplicates on (id, dispatch_seq), so an outbox re-send is harmless
    dispatch_seq       INTEGER NOT NULL DEFAULT 1 CHECK (dispatch_seq >= 1),
    -- transactional outbox: 1 while the broker message for dispatch_seq is owed (not yet confirmed sent)
    outbox_pending     INTEGER NOT NULL DEFAULT 1 CHECK (outbox_pending IN (0, 1)),
    -- since when the message is owed; the sweep leaves young debts to the immediate send
    owed_since         BIGINT  NOT NULL,
    CHECK (status <> 'PROCESSING' OR (node IS NOT NULL AND lease_until IS NOT NULL))
);

-- the outbox relay's sweep reads only owed rows (hazard: a full scan per sweep at millions of rows)
CREATE INDEX jobs_outbox ON jobs (owed_since) WHERE outbox_pending = 1;
-- lease reaper: expired PROCESSING rows only
CREATE INDEX jobs_processing_lease ON jobs (lease_until) WHERE status = 'PROCESSING';
CREATE INDEX jobs_status_created ON jobs (status, created_at);
CREATE INDEX jobs_name_created ON jobs (name, created_at);

-- one row per attempt, kept for the life of the job (DESIGN §5)
CREATE TABLE attempts (
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
);

-- dispatcher nodes and what each can run (DESIGN §7): enqueue-only nodes check job names against it
CREATE TABLE nodes (
    node         TEXT   NOT NULL PRIMARY KEY,
    roles        TEXT   NOT NULL,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

CREATE TABLE performers (
    name         TEXT    NOT NULL,
    node         TEXT    NOT NULL REFERENCES nodes (node) ON DELETE CASCADE,
    payload_type TEXT    NOT NULL,
    concurrency  INTEGER NOT NULL CHECK (concurrency >= 1),
    defaults     TEXT    NOT NULL,
    PRIMARY KEY (name, node)
);
