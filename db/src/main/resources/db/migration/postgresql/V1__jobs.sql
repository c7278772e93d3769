-- jobproxy schema, PostgreSQL flavour: the same shape as db/migration/sqlite, differences marked "PG:". Times are
-- epoch milliseconds (BIGINT) so that SQLite and PostgreSQL share one set of
-- queries. The job state machine (DESIGN §5) is enforced here by CHECK constraints and in db/.../JobTransitions by
-- guarded UPDATEs; nothing else writes status.

CREATE TABLE jobs (
    -- PG: identifiers and keys sort bytewise (COLLATE "C"), as the keyset cursor and the id-prefix search expect
    id                 TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
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
    unique_key         TEXT    COLLATE "C",
    unique_for_ms      BIGINT  NOT NULL DEFAULT 0 CHECK (unique_for_ms >= 0),
    exclusion_key      TEXT    COLLATE "C",
    exclusion_limit    INTEGER NOT NULL DEFAULT 1 CHECK (exclusion_limit >= 1),
    tags               TEXT    NOT NULL DEFAULT '{}',
    last_error         TEXT,
    -- the dispatcher node holding the job while PROCESSING, and until when its lease runs
    node               TEXT,
    lease_until        BIGINT,
    -- fencing token of the current grant: per exclusion key a counter that only grows; else the attempt number
    fence              BIGINT,
    -- sha-256 of the canonical JSON of [name, unique key]; the unique_keys table enforces uniqueness
    unique_hash        TEXT,
    -- bumped each time the job becomes ready to run again (enqueue, retry, operator retry, release, rescue); the broker
    -- message carries it and Artemis de-duplicates on (id, dispatch_seq), so an outbox re-send is harmless
    dispatch_seq       INTEGER NOT NULL DEFAULT 1 CHECK (dispatch_seq >= 1),
    -- transactional outbox: 1 while the broker message for dispatch_seq is owed (not yet confirmed sent)
    outbox_pending     INTEGER NOT NULL DEFAULT 1 CHECK (outbox_pending IN (0, 1)),
    -- since when the message is owed; the sweep leaves young debts to the immediate send
    owed_since         BIGINT  NOT NULL,
    CHECK (status <> 'PROCESSING' OR (node IS NOT NULL AND lease_until IS NOT NULL))
) WITH (fillfactor = 80); -- PG: room on each page for the several updates a job's row gets (HOT updates, less bloat)

-- the outbox relay's sweep reads only owed rows (hazard: a full scan per sweep at millions of rows)
CREATE INDEX jobs_outbox ON jobs (owed_since) WHERE outbox_pending = 1;
-- lost-message recovery: due ready jobs only
CREATE INDEX jobs_ready ON jobs (name, run_at) WHERE status IN ('PENDING', 'RETRY_PENDING');
-- lease reaper: expired PROCESSING rows only
CREATE INDEX jobs_processing_lease ON jobs (lease_until) WHERE status = 'PROCESSING';
CREATE INDEX jobs_status_created ON jobs (status, created_at);
-- the next waiter of an exclusion key, in DESIGN I5 order (priority, then enqueue time)
CREATE INDEX jobs_blocked ON jobs (exclusion_key, priority DESC, created_at, id) WHERE status = 'BLOCKED';
CREATE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL;
CREATE INDEX jobs_exclusion_key ON jobs (exclusion_key) WHERE exclusion_key IS NOT NULL;
CREATE INDEX jobs_name_created ON jobs (name, created_at);

-- one row per attempt, kept for the life of the job (DESIGN §5)
CREATE TABLE attempts (
    job_id        TEXT    COLLATE "C" NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
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

-- Duplicate suppression (DESIGN I4). A row claims a key for a job; the primary key makes the claim race-free across
-- nodes (INSERT ... ON CONFLICT DO NOTHING in the enqueue transaction, never select-then-insert). While the job is in a
-- counted state counted_until is NULL; when it finishes it becomes finished_at + unique_for (CANCELLED deletes it).
-- No foreign key to jobs on purpose: sweeping old jobs must never change what counts as a duplicate.
CREATE TABLE unique_keys (
    key_hash      TEXT   NOT NULL PRIMARY KEY,
    name          TEXT   NOT NULL,
    unique_key    TEXT   NOT NULL,
    job_id        TEXT   COLLATE "C" NOT NULL,
    created_at    BIGINT NOT NULL,
    counted_until BIGINT
);
CREATE INDEX unique_keys_job ON unique_keys (job_id);
CREATE INDEX unique_keys_expiry ON unique_keys (counted_until) WHERE counted_until IS NOT NULL;

-- Exclusion locks (DESIGN I5). One row per key: its fencing-token counter (and, on PostgreSQL, the row both claim and
-- release lock, so a release can never miss a job being blocked at the same moment).
CREATE TABLE exclusion_keys (
    key        TEXT   COLLATE "C" NOT NULL PRIMARY KEY,
    next_fence BIGINT NOT NULL CHECK (next_fence >= 1)
);

-- A held slot: at most `limit` rows per key, slot numbers 0..limit-1, enforced by the primary key. The slot's lease is
-- its job's lease: the slot is deleted in the same transaction that takes the job out of PROCESSING.
CREATE TABLE exclusion_slots (
    key    TEXT    COLLATE "C" NOT NULL,
    slot   INTEGER NOT NULL CHECK (slot >= 0),
    job_id TEXT    COLLATE "C" NOT NULL,
    fence  BIGINT  NOT NULL,
    PRIMARY KEY (key, slot)
);
CREATE UNIQUE INDEX exclusion_slots_job ON exclusion_slots (job_id);
