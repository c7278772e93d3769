# How many WAL pages one drain commit writes on jobproxy's SQLite schema, for the migrations up to each version given.
# A commit holds K claims and the K outcomes of the commit before (the dispatcher's group commit in steady state);
# pages are counted from the WAL file's growth with checkpoints off. Usage (Python 3, its bundled sqlite3):
#   python3 bench/schema-sim/drain_frames.py 5 7        -> one line per schema version
# The statements mirror JobTransitions' claim and complete; keep them in step when those change.
import sqlite3, os, sys, time, glob, re, tempfile
M = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'db', 'src', 'main', 'resources', 'db', 'migration')
def files(upto):
    fs = glob.glob(M + '/sqlite/*.sql') + glob.glob(M + '/common/*.sql')
    v = lambda f: int(re.match(r'V(\d+)__', os.path.basename(f)).group(1))
    return [f for f in sorted(fs, key=v) if v(f) <= upto]
def run(upto, n=20000, k=10):
    p = os.path.join(tempfile.gettempdir(), 'jobproxy-drain-frames.db')
    for s in ('', '-wal', '-shm'):
        if os.path.exists(p + s): os.remove(p + s)
    c = sqlite3.connect(p, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=FULL'); c.execute('PRAGMA foreign_keys=ON')
    for f in files(upto): c.executescript(open(f).read())
    ids = []
    t = 1_700_000_000_000
    c.execute('BEGIN')
    for i in range(n):
        jid = '%012x-7000-8000-%012x' % (t + i // 10, i)
        ids.append(jid)
        c.execute("INSERT INTO jobs (id, name, status, payload, max_attempts, created_at, run_at, backoff_kind, backoff_initial_ms, backoff_multiplier, backoff_max_ms, backoff_jitter, owed_since, outbox_pending) VALUES (?, 'Echo', 'PENDING', '{}', 3, ?, ?, 'FIXED', 1000, 1, 1000, 0, ?, 0)", (jid, t + i // 10, t + i // 10, t))
    c.execute('COMMIT'); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('PRAGMA wal_autocheckpoint=0')
    commits = 0; now = t + 10_000; t0 = time.time()
    for b in range(0, n + k, k):
        c.execute('BEGIN IMMEDIATE')
        for jid in ids[b:b + k]:  # claims
            c.execute("UPDATE jobs SET status='PROCESSING', attempts=attempts+1, started_at=?, node='n1', lease_until=?, fence=attempts+1 WHERE id=? AND status IN ('PENDING','RETRY_PENDING')", (now, now + 60000, jid))
            c.execute("INSERT INTO attempts (job_id, number, node, started_at) VALUES (?, 1, 'n1', ?)", (jid, now))
        for jid in ids[max(0, b - k):b]:  # outcomes of the previous commit's claims
            c.execute("UPDATE jobs SET status='COMPLETED', result='null', finished_at=?, node=NULL, lease_until=NULL, last_error=NULL WHERE id=? AND status='PROCESSING'", (now + 1, jid))
            c.execute("UPDATE attempts SET finished_at=?, outcome='SUCCEEDED' WHERE job_id=? AND number=1 AND outcome IS NULL", (now + 1, jid))
        c.execute('COMMIT'); commits += 1; now += 1
    el = time.time() - t0
    frames = (os.path.getsize(p + '-wal') - 32) / (4096 + 24)
    print('schema up to V%d: %.1f WAL frames per commit (%d commits), %.0f us CPU+IO per commit' % (upto, frames / commits, commits, 1e6 * el / commits))
for v in map(int, sys.argv[1:]): run(v)
