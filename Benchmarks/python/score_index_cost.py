"""Insert cost of an index that sorts the grid by score, on SQLite: 1,000,000 rows appended to a 2,000,000-row table
that has the window index (as predictions does), without a score index, with one on Score, and with one on a coarse
score bin then time (100 or 1,000 bins, so inserts land at that many points instead of anywhere). Python's sqlite3, the same
engine the app uses; the app's own writer is faster, so the relative cost there is higher, not lower.
Usage: python3 Benchmarks/python/score_index_cost.py [base] [added] [repeats]"""
import os, random, sqlite3, sys, tempfile, time

VARIANTS = {
    "no score index": None,
    "index on Score": "CREATE INDEX s ON predictions (Score)",
    "index on (score bin of 100, time)": "CREATE INDEX s ON predictions (CAST(Score * 100 AS INTEGER), TimestampMs)",
    "index on (score bin of 1000, time)": "CREATE INDEX s ON predictions (CAST(Score * 1000 AS INTEGER), TimestampMs)",
    "as shipped: (floor(sqrt(score) * 100), time)": "CREATE INDEX s ON predictions (floor(sqrt(Score) * 100.0), TimestampMs)",
}

def run(index_sql, base, added):
    path = os.path.join(tempfile.gettempdir(), f"score-index-{os.getpid()}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE predictions (Id INTEGER PRIMARY KEY, TimestampMs INTEGER, Score REAL, PredictedEngaged INTEGER, InferenceMs REAL, EndToEndMs REAL, ModelVersionId INTEGER, Features BLOB)")
    db.execute("CREATE INDEX w ON predictions (TimestampMs, Id, Score, PredictedEngaged, InferenceMs, EndToEndMs, ModelVersionId)")
    if index_sql:
        db.execute(index_sql)
    rng = random.Random(1)
    blob = os.urandom(376)  # 47 features as doubles
    def rows(count, start):
        for i in range(count):
            yield (start + i, rng.random() ** 2.2, 0, rng.random(), rng.random(), 1, blob)
    insert = "INSERT INTO predictions (TimestampMs, Score, PredictedEngaged, InferenceMs, EndToEndMs, ModelVersionId, Features) VALUES (?, ?, ?, ?, ?, ?, ?)"
    db.executemany(insert, rows(base, 0))
    db.commit()
    started = time.perf_counter()
    db.executemany(insert, rows(added, 10**9))
    db.commit()
    elapsed = time.perf_counter() - started
    db.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return elapsed

if __name__ == "__main__":
    base = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    added = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    print(f"{added:,} rows appended to {base:,} (SQLite {sqlite3.sqlite_version}), seconds per run, {repeats} runs interleaved")
    times = {name: [] for name in VARIANTS}
    for _ in range(repeats):
        for name, sql in VARIANTS.items():
            times[name].append(run(sql, base, added))
    for name, runs in times.items():
        print(f"{name:<40} {' '.join(f'{t:6.2f}' for t in runs)}  (min {min(runs):.2f})")
