#!/usr/bin/python3
"""Chronicle vs SQLite on timeline queries over generated GDELT-like data (README.md here).

For each size: generate the data (gen_events), import it into Chronicle (`chronicle import`)
and into SQLite (`sqlite3` CLI: CSV import plus a denormalised timeline table as the index),
check that both return the same rows for every query, measure sizes on disk, time the queries
as whole processes (CLI against CLI), then in one process (bench_inprocess). Prints one table
and writes the same numbers as JSON.

Builds nothing: point it at a build directory (--build) or at each binary.
Standard library only; run with /usr/bin/python3.

Exit codes: 0 success; 1 a step failed or the two stores disagree; 2 usage error or a missing
tool; 3 finished, but a Chronicle import hit --import-timeout (the table is partial).
"""

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"
QUERY_CLASSES = ("typical", "warm", "hot_month", "hot")
# Whole-process only: the typical entity over a year with no events (nothing but start-up, store
# opening and one empty seek), so that the CLI rows above it can be read as floor + rows.
CLI_ONLY_CLASSES = ("floor",)
QUERY_LABELS = {
    "floor": "start-up floor (typical entity, a year without events)",
    "typical": "typical entity",
    "warm": "warm entity",
    "hot_month": "hot entity, one month",
    "hot": "hot entity, full timeline",
}

# The SQLite side. The timeline table is the best index SQLite has for this query: one
# B-tree ordered by (entity_id, day, event_id) holding every column the query returns, so a
# timeline is one range scan with no sort and no look-ups. It is filled sorted, which is the
# fastest way to build a WITHOUT ROWID table.
SQLITE_LOAD = """\
.bail on
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
BEGIN;
CREATE TABLE entities(id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE events(id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
                    day TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE participants(event_id TEXT NOT NULL, entity_id TEXT NOT NULL, role TEXT NOT NULL);
.import --csv --skip 1 "{data}/entities.csv" entities
.import --csv --skip 1 "{data}/events.csv" events
.import --csv --skip 1 "{data}/participants.csv" participants
CREATE TABLE timeline(entity_id TEXT NOT NULL, day TEXT NOT NULL, event_id TEXT NOT NULL,
                      title TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
                      role TEXT NOT NULL, PRIMARY KEY (entity_id, day, event_id)) WITHOUT ROWID;
INSERT INTO timeline
  SELECT p.entity_id, e.day, e.id, e.title, e.kind, e.status, p.role
  FROM participants p JOIN events e ON e.id = p.event_id
  ORDER BY 1, 2, 3;
COMMIT;
"""

SQLITE_COLUMNS = "event_id, day, title, kind, status, role"


class BenchError(Exception):
    """A failed step or a disagreement between the stores: reported, exit 1."""


class Tools:
    def __init__(self, args):
        self.chronicle = args.chronicle or os.path.join(args.build, "cli", "chronicle")
        self.gen = args.gen or os.path.join(args.build, "tests", "bench", "gen_events")
        self.rocksdb_open = args.rocksdb_open or os.path.join(args.build, "tests", "bench",
                                                              "rocksdb_open")
        self.inproc = None
        if not args.no_inproc:
            self.inproc = args.inproc or os.path.join(args.build, "tests", "bench",
                                                      "bench_inprocess")
        self.sqlite3 = shutil.which("sqlite3")
        self.gnu_time = GNU_TIME if os.access(GNU_TIME, os.X_OK) else None
        problems = []
        options = {"chronicle": "chronicle", "gen_events": "gen", "bench_inprocess": "inproc",
                   "rocksdb_open": "rocksdb-open"}
        for name, path in (("chronicle", self.chronicle), ("gen_events", self.gen),
                           ("bench_inprocess", self.inproc), ("rocksdb_open", self.rocksdb_open)):
            if path is not None and not os.access(path, os.X_OK):
                problems.append(f"{name} not found at {path} (build it, or pass --build DIR"
                                f" or --{options[name]})")
        if self.sqlite3 is None:
            problems.append("the sqlite3 command-line shell is not on PATH "
                            "(Debian package sqlite3)")
        if self.gnu_time is None and args.require_gnu_time:
            problems.append(f"{GNU_TIME} is missing (Debian package time); "
                            "it measures the imports' peak memory")
        if problems:
            raise SystemExit(report_fatal(problems, 2))
        if self.gnu_time is None:
            print(f"note: {GNU_TIME} missing (Debian package time); peak RSS comes from "
                  "getrusage(RUSAGE_CHILDREN), the peak of any child so far", file=sys.stderr)


def report_fatal(problems, code):
    for problem in problems:
        print(f"run_bench: {problem}", file=sys.stderr)
    return code


def run_checked(cmd, what, stdin=None, stdout=subprocess.PIPE, timeout=None):
    """Runs cmd; returns its stdout (text) or raises BenchError with its stderr."""
    result = subprocess.run(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise BenchError(f"{what} failed (exit {result.returncode}): {' '.join(cmd)}\n"
                         f"{result.stderr.strip()}")
    return result.stdout


def run_measured(tools, cmd, what, stdin_path=None, timeout=None):
    """Runs cmd once; returns (wall seconds, peak RSS in MB, stdout) or None on timeout."""
    with tempfile.NamedTemporaryFile(prefix="run_bench-rss-", delete=False) as rss_file:
        rss_path = rss_file.name
    try:
        full_cmd = cmd
        if tools.gnu_time:
            full_cmd = [tools.gnu_time, "-f", "%M", "-o", rss_path] + cmd
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            # A session of its own, so that a timeout stops the whole process group.
            process = subprocess.Popen(full_cmd, stdin=stdin, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, start_new_session=True)
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                return None
            wall = time.perf_counter() - start
        finally:
            if stdin_path:
                stdin.close()
        if process.returncode != 0:
            raise BenchError(f"{what} failed (exit {process.returncode}): {' '.join(cmd)}\n"
                             f"{err.decode(errors='replace').strip()}")
        if tools.gnu_time:
            with open(rss_path) as rss:
                peak_kb = int(rss.read().split()[-1])
        else:
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return wall, peak_kb / 1024.0, out.decode(errors="replace")
    finally:
        os.unlink(rss_path)


def run_quietly(cmd):
    """Wall-clock seconds of one run of cmd with its output sent to /dev/null."""
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchError(f"query failed (exit {result.returncode}): {' '.join(cmd)}\n"
                         f"{result.stderr.decode(errors='replace').strip()}")
    return wall


def median_walls(cmds, runs):
    """Median wall-clock seconds of each command over `runs` rounds. The commands alternate
    within a round, so that drift (page cache, other load) affects them alike."""
    samples = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, cmd_samples in zip(cmds, samples):
            cmd_samples.append(run_quietly(cmd))
    return [statistics.median(cmd_samples) for cmd_samples in samples]


def directory_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def sql_text(value):
    return "'" + value.replace("'", "''") + "'"


def chronicle_query_cmd(tools, db, query, json_output=False):
    cmd = [tools.chronicle, "--db", db, "timeline", query["entity"]]
    if "from" in query:
        cmd += ["--from", query["from"], "--to", query["to"]]
    if json_output:
        cmd.append("--json")
    return cmd


def sqlite_where(query):
    where = f"entity_id = {sql_text(query['entity'])}"
    if "from" in query:
        where += f" AND day BETWEEN {sql_text(query['from'])} AND {sql_text(query['to'])}"
    return where


def sqlite_query_cmd(tools, db, query):
    return [tools.sqlite3, "-readonly", db,
            f"SELECT {SQLITE_COLUMNS} FROM timeline WHERE {sqlite_where(query)} "
            "ORDER BY day, event_id"]


def check_same_rows(tools, chronicle_db, sqlite_db, name, query):
    """Both CLIs must return the same events in the same order, as many as gen_events counted."""
    out = run_checked(chronicle_query_cmd(tools, chronicle_db, query, json_output=True),
                      f"chronicle timeline ({name})")
    chronicle_ids = [event["id"] for event in json.loads(out)["events"]]
    sqlite_count = int(run_checked(
        [tools.sqlite3, "-readonly", sqlite_db,
         f"SELECT count(*) FROM timeline WHERE {sqlite_where(query)}"],
        f"sqlite3 count ({name})").strip())
    sqlite_ids = run_checked(
        [tools.sqlite3, "-readonly", sqlite_db,
         f"SELECT event_id FROM timeline WHERE {sqlite_where(query)} ORDER BY day, event_id"],
        f"sqlite3 ids ({name})").split()
    expected = query["events"]
    if not (len(chronicle_ids) == sqlite_count == len(sqlite_ids) == expected):
        raise BenchError(f"MISMATCH for {name} ({query['entity']}): chronicle {len(chronicle_ids)}"
                         f" events, sqlite count(*) {sqlite_count}, gen_events expected {expected}")
    if chronicle_ids != sqlite_ids:
        first = next(idx for idx, (a, b) in enumerate(zip(chronicle_ids, sqlite_ids)) if a != b)
        raise BenchError(f"MISMATCH for {name} ({query['entity']}): row {first} is "
                         f"{chronicle_ids[first]} in chronicle, {sqlite_ids[first]} in sqlite")
    return expected


class Table:
    """Rows of (size, measure, unit, chronicle, sqlite)."""

    def __init__(self):
        self.rows = []

    def add(self, size, measure, unit, chronicle, sqlite):
        ratio = None
        if chronicle is not None and sqlite:
            ratio = chronicle / sqlite
        self.rows.append({"size": size, "measure": measure, "unit": unit,
                          "chronicle": chronicle, "sqlite": sqlite, "ratio": ratio})

    def print(self, stream=sys.stdout):
        def cell(value, unit):
            if value is None:
                return "-"
            if unit in ("us", "ms") or value >= 100:
                return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
            return f"{value:.2f}"

        lines = [("events", "measure", "Chronicle", "SQLite", "Chronicle/SQLite")]
        for row in self.rows:
            lines.append((f"{row['size']:,}", f"{row['measure']} ({row['unit']})",
                          row.get("chronicle_text") or cell(row["chronicle"], row["unit"]),
                          cell(row["sqlite"], row["unit"]),
                          "-" if row["ratio"] is None else f"{row['ratio']:.2f}"))
        widths = [max(len(line[col]) for line in lines) for col in range(5)]
        for line_idx, line in enumerate(lines):
            print(f"{line[0]:>{widths[0]}}  {line[1]:<{widths[1]}}  {line[2]:>{widths[2]}}  "
                  f"{line[3]:>{widths[3]}}  {line[4]:>{widths[4]}}", file=stream)
            if line_idx == 0:
                print("  ".join("-" * width for width in widths), file=stream)


def bench_size(args, tools, size, table):
    """Runs every step for one size; returns the JSON record of that size."""
    data = os.path.join(args.work, f"n{size}")
    if os.path.exists(data):
        shutil.rmtree(data)
    chronicle_db = os.path.join(data, "chronicle.db")
    sqlite_db = os.path.join(data, "timeline.sqlite")
    phases = {}
    record = {"size": size, "phases_s": phases}
    log = lambda message: print(f"[{size:,}] {message}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    gen_out = run_checked([tools.gen, "--events", str(size), "--out-dir", data], "gen_events")
    phases["generate"] = time.perf_counter() - start
    log(gen_out.strip().replace("\n", "\n    ") + f"\n    ({phases['generate']:.1f} s)")
    with open(os.path.join(data, "meta.json")) as meta_file:
        meta = json.load(meta_file)
    record["meta"] = meta
    queries = dict(meta["queries"])
    queries["floor"] = {"entity": queries["typical"]["entity"], "from": "2999-01-01",
                        "to": "2999-12-31", "events": 0}
    record["input_bytes"] = {name: os.path.getsize(os.path.join(data, name)) for name in
                             ("chronicle.jsonl", "entities.csv", "events.csv", "participants.csv")}

    log("importing into Chronicle")
    measured = run_measured(tools, [tools.chronicle, "--db", chronicle_db, "import", "--json",
                                    os.path.join(data, "chronicle.jsonl")],
                            "chronicle import", timeout=args.import_timeout)
    chronicle_ok = measured is not None
    if chronicle_ok:
        chronicle_import_s, chronicle_rss_mb, out = measured
        added = json.loads(out)["added"]
        want = {"source": meta["sources"], "entity": meta["entities"], "event": meta["events"],
                "relation": 0}
        if added != want:
            raise BenchError(f"MISMATCH: chronicle import added {added}, expected {want}")
        phases["chronicle_import"] = chronicle_import_s
        log(f"Chronicle import: {chronicle_import_s:.1f} s, peak RSS {chronicle_rss_mb:.0f} MB")
    else:
        phases["chronicle_import"] = None
        record["chronicle_import_timeout_s"] = args.import_timeout
        log(f"Chronicle import did not finish within {args.import_timeout} s; stopped it")

    log("loading SQLite")
    script = os.path.join(data, "load.sql")
    with open(script, "w") as script_file:
        script_file.write(SQLITE_LOAD.format(data=data))
    sqlite_import_s, sqlite_rss_mb, _ = run_measured(tools, [tools.sqlite3, sqlite_db],
                                                     "sqlite3 load", stdin_path=script)
    phases["sqlite_import"] = sqlite_import_s
    log(f"SQLite load: {sqlite_import_s:.1f} s, peak RSS {sqlite_rss_mb:.0f} MB")
    sqlite_rows = int(run_checked([tools.sqlite3, "-readonly", sqlite_db,
                                   "SELECT count(*) FROM timeline"], "sqlite3 count").strip())
    if sqlite_rows != meta["participants"]:
        raise BenchError(f"MISMATCH: sqlite timeline has {sqlite_rows} rows, gen_events wrote "
                         f"{meta['participants']} participants")

    chronicle_bytes = directory_bytes(chronicle_db) if chronicle_ok else None
    sqlite_bytes = os.path.getsize(sqlite_db)
    mb = 1024.0 * 1024.0
    if chronicle_ok:
        table.add(size, "import wall time", "s", chronicle_import_s, sqlite_import_s)
        table.add(size, "import peak RSS", "MB", chronicle_rss_mb, sqlite_rss_mb)
        table.add(size, "store size on disk", "MB", chronicle_bytes / mb, sqlite_bytes / mb)
    else:
        for measure, unit, sqlite_value in (("import wall time", "s", sqlite_import_s),
                                            ("import peak RSS", "MB", sqlite_rss_mb),
                                            ("store size on disk", "MB", sqlite_bytes / mb)):
            table.add(size, measure, unit, None, sqlite_value)
        table.rows[-3]["chronicle_text"] = f"> {args.import_timeout:g} (stopped)"
    record["store_bytes"] = {"chronicle": chronicle_bytes, "sqlite": sqlite_bytes}

    if not chronicle_ok:
        return record

    # Both stores were just written: have the kernel write them back now rather than while the
    # queries are timed (a 1M run timed the 300K-row CLI query at 167 ms right after the loads,
    # 114 ms once the disk had settled).
    os.sync()
    log("checking that both return the same rows")
    start = time.perf_counter()
    rows = {name: check_same_rows(tools, chronicle_db, sqlite_db, name, queries[name])
            for name in CLI_ONLY_CLASSES + QUERY_CLASSES}
    phases["check"] = time.perf_counter() - start

    log("timing whole-process queries")
    start = time.perf_counter()
    # Below every query: a process that links RocksDB, opens the store read-only and exits
    # (tests/bench/rocksdb_open.cc, no Chronicle code), against sqlite3 opening its database for
    # "select 1". What a RocksDB query cannot go under.
    rocksdb_open_s, sqlite_open_s = median_walls(
        [[tools.rocksdb_open, chronicle_db], [tools.sqlite3, "-readonly", sqlite_db, "select 1"]],
        args.cli_runs)
    record["process_floor"] = {"runs": args.cli_runs, "rocksdb_open_ms": rocksdb_open_s * 1e3,
                               "sqlite_select_1_ms": sqlite_open_s * 1e3}
    table.add(size, f"process floor: RocksDB alone opens the store and exits / sqlite3 "
                    f"'select 1', median of {args.cli_runs}", "ms",
              rocksdb_open_s * 1e3, sqlite_open_s * 1e3)
    cli = {}
    for name in CLI_ONLY_CLASSES + QUERY_CLASSES:
        runs = args.cli_hot_runs if name == "hot" else args.cli_runs
        chronicle_s, sqlite_s = median_walls(
            [chronicle_query_cmd(tools, chronicle_db, queries[name]),
             sqlite_query_cmd(tools, sqlite_db, queries[name])], runs)
        cli[name] = {"runs": runs, "rows": rows[name], "chronicle_ms": chronicle_s * 1e3,
                     "sqlite_ms": sqlite_s * 1e3}
        table.add(size, f"CLI {QUERY_LABELS[name]}, {rows[name]:,} rows, median of {runs}", "ms",
                  chronicle_s * 1e3, sqlite_s * 1e3)
    phases["cli_queries"] = time.perf_counter() - start
    record["cli"] = cli

    if tools.inproc:
        log("timing in-process queries")
        start = time.perf_counter()
        out = run_checked([tools.inproc, "--db", chronicle_db, "--sqlite", sqlite_db, "--meta",
                           os.path.join(data, "meta.json"), "--reps", str(args.reps),
                           "--hot-reps", str(args.hot_reps), "--json"], "bench_inprocess")
        phases["inprocess_queries"] = time.perf_counter() - start
        inproc = json.loads(out)
        record["inprocess"] = inproc
        for name in QUERY_CLASSES:
            result = inproc[name]
            for pct in ("p50", "p99"):
                table.add(size, f"in-process {QUERY_LABELS[name]}, {result['rows']:,} rows, "
                                f"{pct} of {result['reps']}", "us",
                          result["chronicle_us"][pct], result["sqlite_us"][pct])
        # The same queries streamed: rows handed to the caller one at a time, not kept.
        for name in QUERY_CLASSES:
            result = inproc[name]
            table.add(size, f"in-process streamed {QUERY_LABELS[name]}, {result['rows']:,} rows, "
                            f"p50 of {result['reps']}", "us",
                      result["chronicle_streamed_us"]["p50"], result["sqlite_streamed_us"]["p50"])

    if not args.keep:
        shutil.rmtree(data)
    return record


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None,
                        help="comma-separated event counts (default 100000,1000000; "
                             "2000 with --quick)")
    parser.add_argument("--work", default="bench-work",
                        help="working directory for data and stores (default ./bench-work)")
    parser.add_argument("--json", default=None,
                        help="where to write the results (default WORK/bench-results.json)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated data and stores (default: delete them)")
    parser.add_argument("--build", default="build", help="build directory (default ./build)")
    parser.add_argument("--chronicle", help="chronicle binary (default BUILD/cli/chronicle)")
    parser.add_argument("--gen", help="gen_events binary (default BUILD/tests/bench/gen_events)")
    parser.add_argument("--rocksdb-open",
                        help="rocksdb_open binary (default BUILD/tests/bench/rocksdb_open)")
    parser.add_argument("--inproc",
                        help="bench_inprocess binary (default BUILD/tests/bench/bench_inprocess)")
    parser.add_argument("--no-inproc", action="store_true",
                        help="skip the in-process step (no bench_inprocess built)")
    parser.add_argument("--quick", action="store_true",
                        help="few repetitions: a smoke test of the pipeline, not a benchmark")
    parser.add_argument("--cli-runs", type=int, help="runs per whole-process query (default 20)")
    parser.add_argument("--cli-hot-runs", type=int,
                        help="runs of the whole-process full hot timeline (default 7)")
    parser.add_argument("--reps", type=int, help="in-process repetitions per query (default 200)")
    parser.add_argument("--hot-reps", type=int,
                        help="in-process repetitions of the full hot timeline (default 5)")
    parser.add_argument("--import-timeout", type=float, default=None,
                        help="stop a Chronicle import after this many seconds and go on "
                             "without its query rows (exit 3)")
    parser.add_argument("--require-gnu-time", action="store_true",
                        help=f"fail when {GNU_TIME} is missing instead of using getrusage")
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {"cli_runs": 3 if quick else 20, "cli_hot_runs": 1 if quick else 7,
                "reps": 20 if quick else 200, "hot_reps": 2 if quick else 5}
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
        elif getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    try:
        args.sizes = [int(size) for size in
                      (args.sizes or ("2000" if quick else "100000,1000000")).split(",")]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas")
    if any(size < 10 for size in args.sizes):
        parser.error("every size must be at least 10 events")
    args.work = os.path.abspath(args.work)
    args.json = os.path.abspath(args.json or os.path.join(args.work, "bench-results.json"))
    return args


def main(argv):
    args = parse_args(argv)
    tools = Tools(args)
    os.makedirs(args.work, exist_ok=True)
    table = Table()
    results = {
        "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "tools": {"chronicle": tools.chronicle, "gen_events": tools.gen,
                  "rocksdb_open": tools.rocksdb_open,
                  "bench_inprocess": tools.inproc, "sqlite3": tools.sqlite3,
                  "sqlite_version": run_checked([tools.sqlite3, "-version"], "sqlite3").split()[0],
                  "peak_rss_from": "GNU time %M" if tools.gnu_time else "getrusage"},
        "settings": {"cli_runs": args.cli_runs, "cli_hot_runs": args.cli_hot_runs,
                     "reps": args.reps, "hot_reps": args.hot_reps, "quick": args.quick},
        "sizes": [],
        "table": table.rows,
    }
    exit_code = 0
    try:
        for size in args.sizes:
            record = bench_size(args, tools, size, table)
            results["sizes"].append(record)
            if record["phases_s"].get("chronicle_import", 0) is None:
                exit_code = 3
    except BenchError as error:
        print(f"run_bench: FAILED: {error}", file=sys.stderr)
        if table.rows:
            table.print(sys.stderr)
        return 1

    print()
    table.print()
    print()
    for record in results["sizes"]:
        phases = ", ".join(f"{name} {'stopped' if value is None else f'{value:.1f} s'}"
                           for name, value in record["phases_s"].items())
        print(f"phases at {record['size']:,} events: {phases}")
    with open(args.json, "w") as out:
        json.dump(results, out, indent=2)
        out.write("\n")
    print(f"results written to {args.json}")
    if exit_code == 3:
        print("run_bench: a Chronicle import was stopped by --import-timeout; "
              "its query rows are missing", file=sys.stderr)
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
