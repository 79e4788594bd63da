#!/usr/bin/env python3
"""Measures how well policy-search reads a library of laws against the library's own database.

The library is a folder of Markdown laws named `<short title>(<version date>).md`, with a
SQLite database beside it whose table `law` holds each version's short title (`name`), level
(`level`, 效力级别), version date (`publish`) and effective date (`valid_from`). This indexes the
library with the project's CLI, reads every document's metadata back through `/api/docs`, and
reports for the documents the database knows:

  title right %      the title, without 中华人民共和国 and 《》, is the database's name
  version date %     `date` is the database's `publish`
  level right %      `level` is the database's level (案例, which is no level, left out)
  effective date %   `effective` is the database's `valid_from`, where it has one

Usage:
  python3 tools/lawlib_measure.py --library DIR --db DIR/db.sqlite3 [--binary target/release/policy-search]
      [--index DIR] [--port 18731] [--show 5]
"""

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

VERSION_SUFFIX = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")


def bare(title):
    t = re.sub(r"\s+", "", title or "")
    t = t.strip("《》")
    t = t.replace("（", "(").replace("）", ")")
    # The collection's names are short titles: 中华人民共和国 left out, also inside 《》.
    if t != "中华人民共和国":
        t = t.replace("中华人民共和国", "")
    return t


def load_truth(library, db):
    """Database rows by the file that holds them: folder/<name>(<publish>).md."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "select law.name, law.level, law.publish, law.valid_from, category.folder, law.expired "
        "from law join category on law.category_id = category.id"
    ).fetchall()
    by_key = defaultdict(list)
    for name, level, publish, valid_from, folder, expired in rows:
        by_key[(name, publish)].append((level, valid_from, folder, expired))
    truth = {}
    for path in Path(library).rglob("*.md"):
        m = VERSION_SUFFIX.search(path.stem)
        if not m:
            continue
        name, publish = path.stem[: m.start()], m.group(1)
        candidates = by_key.get((name, publish))
        if not candidates:
            continue
        rel = path.relative_to(library).as_posix()
        folder = str(Path(rel).parent)
        match = [c for c in candidates if folder.startswith(c[2])] or candidates
        level, valid_from, _, expired = match[0]
        truth[rel] = {"name": name, "level": level, "publish": publish, "valid_from": valid_from,
                      "expired": bool(expired)}
    return truth


def read_docs(binary, library, index, port):
    if os.environ.get("LAWLIB_REUSE_INDEX") != "1":
        subprocess.run([binary, "index", "--corpus", library, "--index", index], check=True,
                       stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [binary, "serve", "--corpus", library, "--index", index, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = f"http://127.0.0.1:{port}/api/docs"
        for _ in range(600):
            try:
                with urllib.request.urlopen(url, timeout=60) as r:
                    return json.load(r)["documents"]
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the server did not answer")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--library", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--binary", default="target/release/policy-search")
    ap.add_argument("--index", help="index folder to build or update (default: a fresh temporary one)")
    ap.add_argument("--port", type=int, default=18731)
    ap.add_argument("--show", type=int, default=5, help="examples of each kind of miss")
    args = ap.parse_args()

    truth = load_truth(args.library, args.db)
    with tempfile.TemporaryDirectory(prefix="lawlib-index-") as fresh:
        index = args.index or fresh
        docs = {d["id"]: d for d in read_docs(args.binary, args.library, index, args.port)}
    checks = {"title": [0, 0], "date": [0, 0], "level": [0, 0], "effective": [0, 0], "stated": [0, 0],
              "status": [0, 0]}
    misses = defaultdict(list)
    confusion = Counter()
    missing = [rel for rel in truth if rel not in docs]
    for rel, t in sorted(truth.items()):
        d = docs.get(rel)
        if d is None:
            continue
        results = {
            "title": (bare(d.get("title")) == bare(t["name"]), d.get("title"), t["name"]),
            "date": (d.get("date") == t["publish"], d.get("date"), t["publish"]),
        }
        if t["level"] != "案例":
            results["level"] = (d.get("level") == t["level"], d.get("level"), t["level"])
            if d.get("level") != t["level"]:
                confusion[(t["level"], d.get("level"))] += 1
        if t["valid_from"]:
            results["effective"] = (d.get("effective") == t["valid_from"], d.get("effective"), t["valid_from"])
            if d.get("effective"):
                # Where the text states one (its 题注 or closing article): is it the database's?
                checks["stated"][1] += 1
                checks["stated"][0] += d.get("effective") == t["valid_from"]
        # The database marks every version but the newest of a name `expired`: ours say 已修改
        # (or 已废止) for those, and neither for the newest.
        replaced = d.get("status") in ("已修改", "已废止")
        if t["expired"] or d.get("status") == "已修改":
            results["status"] = (replaced == t["expired"], d.get("status"),
                                 "已修改" if t["expired"] else "现行有效")
        for key, (ok, got, want) in results.items():
            checks[key][1] += 1
            checks[key][0] += ok
            if not ok:
                misses[key].append((rel, got, want))
    print(f"library: {args.library}: {len(docs)} documents indexed, {len(truth)} in the database"
          f" ({len(missing)} of those not indexed)")
    for key, label in [("title", "title right"), ("date", "version date right"),
                       ("level", "level right"), ("effective", "effective date right"),
                       ("stated", "  where the text says"),
                       ("status", "older versions right")]:
        ok, n = checks[key]
        print(f"{label:22} {100 * ok / max(n, 1):6.1f} %  ({ok}/{n})")
    if confusion:
        print("level misses (database → ours):",
              ", ".join(f"{a}→{b}: {c}" for (a, b), c in confusion.most_common(8)))
    for key, items in misses.items():
        for rel, got, want in items[: args.show]:
            print(f"  {key} miss: {rel}: got {got!r}, want {want!r}")


if __name__ == "__main__":
    main()
