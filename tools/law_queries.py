#!/usr/bin/env python3
"""How well a law library answers the queries researchers type: a law's name, "<name> 第N条",
its 令 number, random substrings, and headings typed without their spaces.

The library is a folder of Markdown laws (`# 标题`, the 题注 lines, `## 第一章 …`, one article a
line: `第二十五条 …`), their file names the short name with an optional date suffix
(`检察官法(2019-04-23).md`), as people collect them from the national law database.

It indexes the folder (once), starts `serve` on a free loopback port, asks `/api/search`, and
prints one line per check:

  name       the law's short name puts that law (its newest version) first among `documents`
  article    "<short name> 第N条" puts a paragraph of article N of that law (its newest version)
             first among `hits`
  article-arabic / article-marks / article-joined   the same as 第25条, 《name》第N条, name第N条
  order      a 令 number in the law's 题注 (国务院令第722号) finds the law among the first 5
             documents or hits
  substring  a random 8-character stretch of a body line, quoted, is found in its law by its text
             (recall; the 题注 above `<!-- INFO END -->` is metadata, not body)
  no-space   a heading with a space between two Chinese characters, typed without it, finds it

Usage: law_queries.py --bin target/release/policy-search --library DIR [--work DIR]
       [--sample N] [--seed S]
"""
import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ARTICLE = re.compile(r"^第([一二三四五六七八九十百千零〇]+)条")
ORDER = re.compile(r"((?:中华人民共和国)?[\u4e00-\u9fff]{0,12}令第\d+号)")
SUFFIX = re.compile(r"\(\d{4}-\d{2}-\d{2}\)$")
CJK_SPACE = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def cn_to_int(text):
    digits = "零一二三四五六七八九"
    total, current = 0, 0
    for c in text:
        if c in digits:
            current = digits.index(c)
        elif c == "〇":
            current = 0
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[c]
            total += max(current, 1) * unit
            current = 0
    return total + current


def laws(library):
    """(id relative to the library, short name, date suffix or '', text) of every law."""
    out = []
    for root, _, files in os.walk(library):
        for f in files:
            if not f.endswith(".md") or f.startswith("_") or f in ("README.md", "法律法规模版.md"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, library).replace(os.sep, "/")
            stem = f[:-3]
            m = SUFFIX.search(stem)
            name = stem[: m.start()] if m else stem
            date = m.group(0)[1:-1] if m else ""
            with open(path, encoding="utf-8", errors="replace") as fh:
                out.append((rel, name, date, fh.read()))
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def search(base, q, limit=10, **filters):
    url = f"{base}/api/search?" + urllib.parse.urlencode({"q": q, "limit": limit, **filters})
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return {"error": e.read().decode("utf-8", "replace"), "hits": [], "documents": []}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--library", required=True)
    ap.add_argument("--work", help="folder for the index (kept between runs); default: a temporary one")
    ap.add_argument("--sample", type=int, default=0, help="check this many laws (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)

    work = a.work or tempfile.mkdtemp(prefix="law-queries-")
    index = os.path.join(work, "index")
    t0 = time.time()
    subprocess.run([a.bin, "index", "--corpus", a.library, "--index", index], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"indexed in {time.time() - t0:.0f} s", file=sys.stderr)
    port = free_port()
    server = subprocess.Popen([a.bin, "serve", "--corpus", a.library, "--index", index,
                               "--addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/api/docs", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        run_checks(a, rng, base)
    finally:
        server.terminate()
        server.wait()
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


def run_checks(a, rng, base):
    library = laws(a.library)
    newest = {}
    for rel, name, date, _ in library:
        if name not in newest or date > newest[name][1]:
            newest[name] = (rel, date)
    ids_of = {}
    for rel, name, _, _ in library:
        ids_of.setdefault(name, set()).add(rel)
    if a.sample:
        library = rng.sample(library, min(a.sample, len(library)))
    results = {}
    took = []

    def record(check, ok, detail):
        results.setdefault(check, []).append(ok)
        if a.verbose and not ok:
            print(f"  miss {check}: {detail}")

    def ask(q, limit=10, **filters):
        r = search(base, q, limit, **filters)
        if "took_ms" in r:
            took.append(r["took_ms"])
        return r

    texts = {rel: text for rel, _, _, text in laws(a.library)}
    for rel, name, date, text in library:
        r = ask(name)
        docs = [d["id"] for d in r.get("documents", [])]
        # Versions of one law share a name: the newest is expected first.
        record("name", bool(docs) and docs[0] == newest[name][0], f"{name} → {docs[:3]}")
        record("name-any-version", bool(docs) and docs[0] in ids_of[name], f"{name} → {docs[:3]}")

        # Articles are asked of the version the name puts first: the newest.
        rel_new = newest[name][0]
        head, _, body_text = texts[rel_new].partition("<!-- INFO END -->")
        lines = [l.strip() for l in (body_text or head).splitlines()]
        articles = [m.group(1) for m in (ARTICLE.match(l) for l in lines) if m]
        if articles:
            cn = rng.choice(articles)
            n = cn_to_int(cn)
            for check, q in [
                ("article", f"{name} 第{cn}条"),
                ("article-arabic", f"{name} 第{n}条"),
                ("article-marks", f"《{name}》第{cn}条"),
                ("article-joined", f"{name}第{cn}条"),
            ]:
                r = ask(q)
                hits = r.get("hits", [])
                first = hits[0] if hits else {}
                ok = first.get("doc") == rel_new and f"第{cn}条" in (first.get("section") or [])
                record(check, ok, f"{q} → {first.get('doc')} {first.get('section')}")

        orders = ORDER.findall(text.split("<!-- INFO END -->")[0][:2000])
        if orders:
            order = orders[-1]
            short = order.replace("中华人民共和国", "")
            r = ask(short, 5)
            found = [d["id"] for d in r.get("documents", [])[:5]] + [h["doc"] for h in r.get("hits", [])[:5]]
            record("order", rel in found, f"{short} → {found[:5]}")

        own_head, _, own_body = text.partition("<!-- INFO END -->")
        lines = [l.strip() for l in (own_body or own_head).splitlines()]
        body = [l for l in lines if len(l) >= 12 and not l.startswith("#") and not l.startswith("<!--")]
        if body:
            line = rng.choice(body)
            start = rng.randrange(0, len(line) - 8)
            piece = line[start:start + 8]
            # A quotation mark inside would end the quoted phrase (“ ” 「 」 quote as " does).
            if piece.strip() and not any(q in piece for q in '"“”「」『』＂') and not piece.startswith("-"):
                # Within the law itself: whether it is found, however many others say it too.
                r = ask(f'"{piece}"', 1, doc=rel)
                record("substring", r.get("text_total", 0) > 0, f"{piece!r} in {rel}")

        spaced = [l for l in lines if CJK_SPACE.search(l.lstrip("# ")) and len(l) < 40]
        if spaced:
            heading = rng.choice(spaced).lstrip("# ").strip()
            joined = re.sub(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])", "", heading)
            r = ask(f"{name} {joined}", 50)
            found = [h for h in r.get("hits", []) if h["doc"] == rel]
            record("no-space", bool(found), f"{name} {joined}")

    for check, oks in results.items():
        print(f"{check:<16} {sum(oks):>5}/{len(oks):<5} {100 * sum(oks) / len(oks):6.1f} %")
    took.sort()
    if took:
        print(f"served took_ms: median {took[len(took) // 2]:.2f}, p90 {took[int(len(took) * 0.9)]:.2f}"
              f" over {len(took)} searches")


if __name__ == "__main__":
    main()
