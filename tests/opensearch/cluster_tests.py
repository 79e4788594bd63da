#!/usr/bin/env python3
"""Tests and measurements of `policy-search opensearch sync` against the real test cluster.

Needs the cluster of tests/opensearch/cluster.sh running (its state folder tells the URLs and
takes the commands that stop and start a node), target/release/policy-search and
target/release/bench, and ../shared beside the project. Only Python's standard library.

    tests/opensearch/cluster.sh start
    tests/opensearch/cluster_tests.py incremental   # incremental sync == fresh sync (ids, sources)
    tests/opensearch/cluster_tests.py faults        # a node stopped mid-sync; old mapping refused
    tests/opensearch/cluster_tests.py all           # both (what .ci/run runs)
    tests/opensearch/cluster_tests.py bench --factor 20   # bulk throughput, latency, sizes
    tests/opensearch/cluster.sh stop

Each test prints PASS or FAIL lines and the run ends with "N passed, N failed" (exit 1 on any
failure). Indices are created 3 shards, 1 replica, and deleted at the end.
"""

import argparse
import glob
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(ROOT, "..", "shared")
BIN = os.path.join(ROOT, "target", "release", "policy-search")
BENCH = os.path.join(ROOT, "target", "release", "bench")
CLUSTER = os.path.join(HERE, "cluster.sh")
STATE = os.environ.get("OPENSEARCH_CLUSTER_STATE", os.path.join(ROOT, "target", "opensearch-cluster"))
SHARDS = ["--shards", "3", "--replicas", "1"]

passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {what}")
    else:
        failed += 1
        print(f"FAIL {what}{': ' + detail if detail else ''}")
    sys.stdout.flush()
    return ok


# ---------------------------------------------------------------- the cluster and the binary

def urls():
    with open(os.path.join(STATE, "urls")) as f:
        return [l.strip() for l in f if l.strip()]


def request(url, method, path, body=None, ok=(200, 201), timeout=120):
    data = None
    headers = {}
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        text = e.read()
        if e.code in ok:
            return e.code, json.loads(text or b"{}")
        raise RuntimeError(f"{method} {path}: HTTP {e.code}: {text[:300]!r}")


def node(command, n):
    subprocess.run([CLUSTER, command, str(n)], check=True)


def wait_health(url, status, timeout="120s"):
    _, h = request(url, "GET", f"/_cluster/health?wait_for_status={status}&wait_for_nodes=3&timeout={timeout}",
                   ok=(200, 408))
    return h


def run(*args, check_ok=True):
    done = subprocess.run(list(args), capture_output=True, text=True)
    if check_ok and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done


def index_corpus(corpus, index):
    run(BIN, "index", "--corpus", corpus, "--index", index)


def sync(url, index, name, *extra, check_ok=True):
    return run(BIN, "opensearch", "sync", "--url", url, "--index-name", name, "--index", index,
               "--json", *SHARDS, *extra, check_ok=check_ok)


def exported(index, name):
    """What the cluster's index should hold: _id → source, from `export --opensearch`."""
    out = run(BIN, "export", "--opensearch", "--index", index, "--index-name", name).stdout
    lines = out.splitlines()
    docs = {}
    i = 0
    while i < len(lines):
        action = json.loads(lines[i])
        (op, meta), = action.items()
        assert op == "index", f"a whole export indexes only: {op}"
        docs[meta["_id"]] = json.loads(lines[i + 1])
        i += 2
    return docs


def held(url, name):
    """Every document of the cluster's index: _id → source (search_after on doc, paragraph)."""
    request(url, "POST", f"/{name}/_refresh")
    body = {"query": {"match_all": {}}, "size": 5000, "sort": [{"doc": "asc"}, {"paragraph": "asc"}]}
    docs = {}
    duplicates = 0
    while True:
        _, answer = request(url, "POST", f"/{name}/_search", body)
        hits = answer["hits"]["hits"]
        for h in hits:
            duplicates += h["_id"] in docs
            docs[h["_id"]] = h["_source"]
        if len(hits) < body["size"]:
            return docs, duplicates
        body["search_after"] = hits[-1]["sort"]


def same_documents(url, name, index, what):
    want = exported(index, name)
    got, duplicates = held(url, name)
    _, count = request(url, "GET", f"/{name}/_count")
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = [i for i in want if i in got and got[i] != want[i]]
    ok = not missing and not extra and not changed and count["count"] == len(want) and duplicates == 0
    return check(ok, f"{what}: the cluster holds exactly the local index's {len(want)} paragraphs",
                 f"{len(missing)} missing (e.g. {missing[:2]}), {len(extra)} extra (e.g. {extra[:2]}), "
                 f"{len(changed)} with another source (e.g. {changed[:2]}), _count {count['count']}, "
                 f"{duplicates} duplicates")


def local_total(index, corpus, query):
    # Text matches, on both sides (opensearch query without --index): these tests are about what
    # sync leaves on the cluster, not about names (the parity tool compares those).
    out = run(BIN, "query", "--index", index, "--corpus", corpus, "--json", "--text-only",
              "--limit", "1", "--", query).stdout
    return json.loads(out)["total"]


def cluster_total(url, name, query):
    body = json.loads(run(BIN, "opensearch", "query", "--", query).stdout)
    body.pop("highlight", None)
    body["size"] = 0
    _, answer = request(url, "POST", f"/{name}/_search", body)
    return answer["hits"]["total"]["value"], answer["_shards"]


def delete(url, name):
    request(url, "DELETE", f"/{name}", ok=(200, 404))


def public_queries():
    with open(os.path.join(SHARED, "queries", "public.txt"), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


# ---------------------------------------------------------------- incremental == fresh

def test_incremental(work):
    url = urls()[0]
    corpus = os.path.join(work, "corpus")
    shutil.copytree(os.path.join(SHARED, "corpus"), corpus)
    index = os.path.join(work, "index")
    index_corpus(corpus, index)
    delete(url, "inc")
    first = json.loads(sync(url, index, "inc").stdout)
    check(first["created"] and first["acknowledged"] and first["indexed"] > 1000,
          f"shared corpus synced into a new 3-shard 1-replica index ({first['indexed']} paragraphs)", str(first))
    _, settings = request(url, "GET", "/inc/_settings")
    s = next(iter(settings.values()))["settings"]["index"]
    check((s["number_of_shards"], s["number_of_replicas"]) == ("3", "1"), "the index has 3 shards and 1 replica",
          str((s["number_of_shards"], s["number_of_replicas"])))
    wait_health(url, "green")
    same_documents(url, "inc", index, "after the first sync")

    # Remove one report, change another (a paragraph edited, one added), add a new one.
    reports = sorted(glob.glob(os.path.join(corpus, "reports-2026", "*.txt")))
    os.remove(reports[0])
    with open(reports[1], encoding="utf-8") as f:
        text = f.read()
    text = text.replace("科技", "科学技术", 3) + "\n\n新增一段：低空经济示范区建设全面推进。\n"
    with open(reports[1], "w", encoding="utf-8") as f:
        f.write(text)
    with open(reports[2], encoding="utf-8") as f:
        added = f.read().replace("政府工作报告", "政府工作报告（草案）", 1)
    with open(os.path.join(corpus, "reports-2026", "2026_新设市_政府工作报告.txt"), "w", encoding="utf-8") as f:
        f.write(added)
    index_corpus(corpus, index)
    second = json.loads(sync(url, index, "inc").stdout)
    check(second["since"] == first["commit"] and second["deleted"] > 0 and 0 < second["indexed"] < first["indexed"],
          f"the incremental sync sends only the changes ({second['indexed']} indexed, {second['deleted']} deleted)",
          str(second))
    same_documents(url, "inc", index, "after the incremental sync")
    delete(url, "fresh")
    fresh = json.loads(sync(url, index, "fresh").stdout)
    a, _ = held(url, "inc")
    b, _ = held(url, "fresh")
    check(a == b and fresh["commit"] == second["commit"],
          f"incremental sync == fresh sync: same {len(a)} ids, same sources",
          f"{len(set(a) ^ set(b))} ids differ, {sum(a[i] != b[i] for i in set(a) & set(b))} sources differ")
    again = json.loads(sync(url, index, "inc").stdout)
    check(again["up_to_date"], "a sync with nothing new sends nothing", str(again))
    delete(url, "inc")
    delete(url, "fresh")


# ---------------------------------------------------------------- faults

def accepted_so_far(index):
    best = 0
    for p in glob.glob(os.path.join(index, "opensearch", "sync-*.progress")):
        try:
            with open(p) as f:
                best = max(best, json.load(f)["accepted"])
        except (OSError, ValueError):
            pass
    return best


def start_sync_and_stop_node(url, index, name, n, after, *extra):
    """Starts a sync, stops node n once `after` actions were accepted; returns the finished sync."""
    proc = subprocess.Popen([BIN, "opensearch", "sync", "--url", url, "--index-name", name, "--index", index,
                             "--json", "--batch-actions", "500", *SHARDS, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while accepted_so_far(index) < after and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    stopped_at = accepted_so_far(index)
    still_running = proc.poll() is None
    node("stop-node", n)
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out, err, stopped_at, still_running


def searches_answer_fully(url, index, corpus, name, what):
    bad = []
    queries = public_queries()
    for q in queries:
        total, shards = cluster_total(url, name, q)
        want = local_total(index, corpus, q)
        if shards.get("failed") or total != want:
            bad.append(f"{q}: cluster {total} ({shards.get('successful')}/{shards.get('total')} shards), here {want}")
    return check(not bad, f"{what}: all {len(queries)} public queries answer with the local totals, no shard failed",
                 "; ".join(bad[:3]))


def test_faults(work, factor):
    u = urls()
    corpus = os.path.join(work, "corpus")
    run(BENCH, "generate", "--source", os.path.join(SHARED, "corpus"), "--factor", str(factor), "--out", corpus)
    index = os.path.join(work, "index")
    index_corpus(corpus, index)
    total = len(exported(index, "x"))
    print(f"     factor-{factor} corpus: {total} paragraphs")

    # The shared corpus, complete, for the searches while a node is down.
    small = os.path.join(work, "small")
    index_corpus(os.path.join(SHARED, "corpus"), small)
    delete(u[0], "steady")
    sync(u[0], small, "steady")
    wait_health(u[0], "green")

    # A: the sync talks to node 1; node 3 stops in the middle. The replicas take over, the sync
    # finishes (retrying what was refused meanwhile), searches keep answering.
    delete(u[0], "fault-a")
    code, out, err, at, running = start_sync_and_stop_node(u[0], index, "fault-a", 3, total // 3)
    check(running and at < total, f"node 3 stopped mid-sync (after {at} of {total} actions)")
    if code != 0:
        print(f"     the sync stopped ({err.strip().splitlines()[-1:]}); running it again")
        code = sync(u[0], index, "fault-a", check_ok=False).returncode
    check(code == 0, "the sync through node 1 finished with node 3 down", err[-500:])
    if err.strip():
        print("     sync said: " + " | ".join(err.strip().splitlines()[:3]))
    searches_answer_fully(u[0], small, os.path.join(SHARED, "corpus"), "steady", "node 3 down")
    same_documents(u[0], "fault-a", index, "node 3 down, after the sync")
    node("start-node", 3)
    h = wait_health(u[0], "green")
    check(h.get("status") == "green", "node 3 back: the cluster is green again", str(h.get("status")))
    same_documents(u[0], "fault-a", index, "node 3 back")
    delete(u[0], "fault-a")

    # B: the sync talks to node 2, which stops in the middle: it reports, retries, gives up
    # with the way to resume; after node 2 is back, the same command resumes where it stopped.
    delete(u[0], "fault-b")
    code, out, err, at, running = start_sync_and_stop_node(u[1], index, "fault-b", 2, total // 3, "--retries", "3")
    check(running and at < total, f"node 2 (the sync's) stopped mid-sync (after {at} of {total} actions)")
    check(code != 0 and "retry" in err and "resume" in err,
          "the sync reports the lost node, retries, and says how to resume",
          f"exit {code}: {err[-400:]}")
    for line in [l for l in err.strip().splitlines() if l][-3:]:
        print("     sync said: " + line)
    searches_answer_fully(u[0], small, os.path.join(SHARED, "corpus"), "steady", "node 2 down")
    node("start-node", 2)
    wait_health(u[0], "green")
    rerun = sync(u[1], index, "fault-b", check_ok=False)
    report = json.loads(rerun.stdout) if rerun.returncode == 0 else {}
    check(rerun.returncode == 0 and report.get("resumed_after", 0) > 0 and report.get("acknowledged"),
          f"the rerun resumes after the {report.get('resumed_after')} actions already accepted",
          rerun.stdout[-300:] + rerun.stderr[-300:])
    same_documents(u[0], "fault-b", index, "after the resumed sync")
    delete(u[0], "fault-b")

    # C: an index made by an older mapping is refused, with the way to migrate.
    delete(u[0], "old")
    old_body = json.loads(run(BIN, "opensearch", "mapping").stdout)
    old_body["mappings"]["_meta"] = {}        # an older policy-search recorded no version
    request(u[0], "PUT", "/old", old_body)
    refused = sync(u[0], small, "old", check_ok=False)
    check(refused.returncode != 0 and "older" in refused.stderr and "--recreate" in refused.stderr,
          "an index made by an older mapping is detected and the migration named", refused.stderr[-400:])
    migrated = sync(u[0], small, "old", "--recreate", check_ok=False)
    ok = migrated.returncode == 0 and json.loads(migrated.stdout).get("recreated")
    check(ok, "sync --recreate migrates it", migrated.stderr[-300:])
    if ok:
        same_documents(u[0], "old", small, "after the migration")
    delete(u[0], "old")
    delete(u[0], "steady")


# ---------------------------------------------------------------- measurements

def dir_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def test_bench(work, factor, runs):
    url = urls()[0]
    corpus = os.path.join(work, "corpus")
    run(BENCH, "generate", "--source", os.path.join(SHARED, "corpus"), "--factor", str(factor), "--out", corpus)
    index = os.path.join(work, "index")
    t = time.time()
    index_corpus(corpus, index)
    local_build = time.time() - t
    export = run(BIN, "export", "--opensearch", "--index", index, "--index-name", "bench").stdout.encode()
    paragraphs = export.count(b"\n") // 2
    delete(url, "bench")
    t = time.time()
    report = json.loads(sync(url, index, "bench").stdout)
    elapsed = time.time() - t
    request(url, "POST", "/bench/_refresh")
    wait_health(url, "green")
    request(url, "POST", "/bench/_forcemerge?max_num_segments=1", timeout=600)
    request(url, "POST", "/bench/_refresh")
    _, stats = request(url, "GET", "/bench/_stats/store,docs")
    primaries = stats["_all"]["primaries"]["store"]["size_in_bytes"]
    total_store = stats["_all"]["total"]["store"]["size_in_bytes"]
    local_size = dir_size(index)

    queries = public_queries()
    conn = http.client.HTTPConnection(urllib.parse.urlparse(url).netloc, timeout=60)
    bodies = {}
    for q in queries:
        body = json.loads(run(BIN, "opensearch", "query", "--limit", "10", "--", q).stdout)
        bodies[q] = json.dumps(body).encode()
    round_trips, tooks = [], []
    for r in range(runs + 1):
        for q in queries:
            t = time.perf_counter()
            conn.request("POST", "/bench/_search", bodies[q], {"Content-Type": "application/json"})
            answer = json.loads(conn.getresponse().read())
            if r > 0:  # the first pass warms up
                round_trips.append((time.perf_counter() - t) * 1000)
                tooks.append(answer["took"])
    local = json.loads(run(BENCH, "query", "--index", index, "--queries", os.path.join(SHARED, "queries", "public.txt"),
                           "--runs", str(runs), "--sets", "public", "--no-facets", "--json").stdout)

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(len(xs) * p))]
    print(json.dumps({
        "factor": factor, "paragraphs": paragraphs, "export_mb": round(len(export) / 1e6, 1),
        "sync_seconds": round(elapsed, 1), "sync_paragraphs_per_s": round(paragraphs / elapsed),
        "sync_mb_per_s": round(len(export) / 1e6 / elapsed, 2), "batches": report["batches"],
        "local_index_seconds": round(local_build, 1),
        "cluster_query_round_trip_ms": {"median": round(statistics.median(round_trips), 2),
                                        "p95": round(pct(round_trips, 0.95), 2), "samples": len(round_trips)},
        "cluster_query_took_ms": {"median": statistics.median(tooks), "p95": pct(tooks, 0.95)},
        "local_query": local,
        "cluster_store_mb": {"primaries": round(primaries / 1e6, 1), "with_replicas": round(total_store / 1e6, 1)},
        "local_index_mb": round(local_size / 1e6, 1),
    }, indent=1, ensure_ascii=False))
    delete(url, "bench")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["incremental", "faults", "all", "bench"])
    p.add_argument("--factor", type=int, default=None, help="copies of the shared corpus (faults: 4, bench: 20)")
    p.add_argument("--runs", type=int, default=5, help="bench: timed passes over the public queries")
    p.add_argument("--work", help="working folder (default: a temporary one, deleted)")
    args = p.parse_args()
    for path, what in [(BIN, "cargo build --release"), (BENCH, "cargo build --release"),
                       (os.path.join(STATE, "urls"), "tests/opensearch/cluster.sh start")]:
        if not os.path.exists(path):
            sys.exit(f"missing {path}: run `{what}` first")
    if not os.path.isdir(os.path.join(SHARED, "corpus")):
        sys.exit(f"missing {SHARED}/corpus: ../shared must be beside the project")
    work = args.work or tempfile.mkdtemp(prefix="opensearch-cluster-tests-")
    try:
        if args.what in ("incremental", "all"):
            test_incremental(os.path.join(work, "incremental"))
        if args.what in ("faults", "all"):
            test_faults(os.path.join(work, "faults"), args.factor or 4)
        if args.what == "bench":
            test_bench(os.path.join(work, "bench"), args.factor or 20, args.runs)
    except Exception as e:  # a test that cannot go on is a failure, reported as one
        check(False, f"{args.what} stopped", repr(e))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.what != "bench":
        print(f"\ncluster tests: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
