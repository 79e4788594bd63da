#!/usr/bin/env python3
"""Parity of an OpenSearch cluster with policy-search, on the same documents and queries.

Indexes a corpus locally, loads it into the cluster through policy-search's own export
(`opensearch sync`), runs every query on both engines (the cluster gets the body of
`policy-search opensearch query --index`, which carries what the local index resolves from
the names of its documents) and compares, per query, the total and the set of hits (document
and paragraph): identical, or the paragraphs found only here or only there.
Besides the queries of --queries it runs the forms of our syntax (--forms: filters, phrases,
negation, synonyms, articles, document numbers, folding). Exit status 1 when any query differs.

    tools/opensearch_parity.py --url http://localhost:9200 --recreate

Only the Python standard library is needed. See README.md ("OpenSearch") for starting a cluster.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAGE = 10000

# Every form of the query syntax, on words of the shared corpus (government work reports).
SYNTAX_FORMS = [
    # parts, phrases, negation
    "科技 金融",
    "\"科技 金融\"",
    "科技 -房地产",
    "-\"房地产 市场\" 科技",
    "营商环境 -优化",
    "碳",
    "\"规上\"",
    # synonyms (dict/synonyms.txt): a part and its equivalents
    "专精特新",
    "放管服",
    "高新区",
    "双碳",
    "GDP 增长",
    # folding: width, case, traditional characters
    "ＧＤＰ 科學城",
    "r&d",
    "R&D占比",
    # filters: title, section, document, document number, year, date, article
    "title:上海 科技",
    "标题:重庆 创新",
    "section:民生",
    "章节:民生 就业",
    "doc:北京",
    "文档:2026_北京市",
    "docno:国办发〔2024〕5号",
    "文号:国办发[2024]5号 创新",
    "国办发（２０２４）５号",
    "year:2026",
    "year:2021..2022 经济",
    "year:2024..2026 低空经济",
    "date:2026-01..2026-03",
    "date:..2025 科技",
    "date:2025.. 科技",
    "日期:2026-01-15",
    "article:3",
    "条:5 就业",
    "比例:1:2",
]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="the cluster, e.g. http://localhost:9200")
    p.add_argument("--index-name", default="policy-parity", help="the cluster's index to load (default policy-parity)")
    p.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"), help="documents to load (default ../shared/corpus)")
    p.add_argument("--queries", action="append", help="one query a line (default ../shared/queries/public.txt); repeatable")
    p.add_argument("--no-forms", action="store_true", help="skip the built-in forms of the query syntax")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "policy-search"), help="the policy-search executable (default target/release/policy-search)")
    p.add_argument("--work", help="folder for the local index (default: a temporary folder)")
    p.add_argument("--index", help="an existing local index of --corpus to use (skips `policy-search index`)")
    p.add_argument("--ranking", default="bigrams", choices=["bigrams", "smartcn", "ik"], help="the cluster's ranking analysis (plugin installed there)")
    p.add_argument("--shards", type=int, help="primary shards when the index is created")
    p.add_argument("--replicas", type=int, help="replicas when the index is created")
    p.add_argument("--user", default=os.environ.get("OPENSEARCH_USER"), help="USER:PASSWORD for basic authentication (or OPENSEARCH_USER)")
    p.add_argument("--recreate", action="store_true", help="delete the cluster's index first")
    p.add_argument("--json", help="write every query's totals and differences to this file")
    p.add_argument("--text-only", action="store_true", help="compare matches by text alone (`query --text-only`), not through documents' names")
    args = p.parse_args()

    if not os.path.isfile(args.binary):
        sys.exit(f"no executable at {args.binary}: run `cargo build --release` or pass --binary")
    cluster = Cluster(args.url, args.user)
    if args.index:
        index = args.index
    else:
        work = args.work or tempfile.mkdtemp(prefix="opensearch-parity-")
        index = os.path.join(work, "index")
        run(args.binary, "index", "--corpus", args.corpus, "--index", index)
    sync = [args.binary, "opensearch", "sync", "--url", args.url, "--index-name", args.index_name,
            "--index", index, "--ranking", args.ranking]
    if args.shards:
        sync += ["--shards", str(args.shards)]
    if args.replicas is not None:
        sync += ["--replicas", str(args.replicas)]
    if args.recreate:
        sync.append("--recreate")
    env_user = {"OPENSEARCH_USER": args.user} if args.user else {}
    print(run(*sync, env=env_user).strip())
    cluster.request("POST", f"/{args.index_name}/_refresh")

    queries = []
    for path in args.queries or [os.path.join(ROOT, "..", "shared", "queries", "public.txt")]:
        with open(path, encoding="utf-8") as f:
            queries += [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    if not args.no_forms:
        queries += [q for q in SYNTAX_FORMS if q not in queries]

    rows = []
    print(f"{'query':<26} {'ours':>6} {'cluster':>8} {'only here':>10} {'only there':>11}")
    for q in queries:
        ours_total, ours = our_hits(args.binary, index, args.corpus, q, args.text_only)
        theirs_total, theirs = cluster_hits(cluster, args.binary, index, args.index_name,
                                            args.ranking, q, args.text_only)
        here, there = sorted(ours - theirs), sorted(theirs - ours)
        same = not here and not there and ours_total == theirs_total
        rows.append({"query": q, "ours": ours_total, "cluster": theirs_total,
                     "only_here": [f"{d}#{n}" for d, n in here], "only_there": [f"{d}#{n}" for d, n in there]})
        flag = "" if same else "   ≠ " + ", ".join(
            [f"here {d}#{n}" for d, n in here[:2]] + [f"there {d}#{n}" for d, n in there[:2]])
        if not same and not here and not there:
            flag = "   ≠ totals differ"
        print(f"{q:<26} {ours_total:>6} {theirs_total:>8} {len(here):>10} {len(there):>11}{flag}")
    differing = [r for r in rows if r["only_here"] or r["only_there"] or r["ours"] != r["cluster"]]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)
    print(f"\n{len(rows)} queries: {len(rows) - len(differing)} with identical totals and hit sets, "
          f"{len(differing)} differ")
    print(f"parity: {len(rows) - len(differing)} passed, {len(differing)} failed")
    sys.exit(1 if differing else 0)


def run(binary, *args, env=None):
    full_env = dict(os.environ, **(env or {}))
    done = subprocess.run([binary, *args], capture_output=True, text=True, env=full_env)
    if done.returncode != 0:
        sys.exit(f"{binary} {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def our_hits(binary, index, corpus, query, text_only):
    # With matching through documents' names (title, 文号, issuer, 题注) unless --text-only.
    only = ["--text-only"] if text_only else []
    out = run(binary, "query", "--index", index, "--corpus", corpus, "--json", *only,
              "--limit", "1000000", "--", query)
    answer = json.loads(out)
    return answer["total"], {(h["doc"], h["paragraph"]) for h in answer["hits"]}


def cluster_hits(cluster, binary, index, index_name, ranking, query, text_only):
    # The body as policy-search writes it, with what the local index resolves from the names of
    # its documents (the same documents the cluster holds).
    only = ["--text-only"] if text_only else []
    body = json.loads(run(binary, "opensearch", "query", "--ranking", ranking, "--index", index,
                          *only, "--", query))
    # Every hit, in pages: search_after on a total order, only the ids in the answer.
    body.pop("highlight", None)
    body.pop("aggs", None)
    body.pop("from", None)
    body["size"] = PAGE
    body["_source"] = ["doc", "paragraph"]
    body["sort"] = [{"doc": "asc"}, {"paragraph": "asc"}]
    body["track_total_hits"] = True
    found = set()
    total = None
    while True:
        answer = cluster.request("POST", f"/{index_name}/_search", body)
        shards = answer.get("_shards", {})
        if shards.get("failed"):
            sys.exit(f"the cluster answered {query!r} from {shards.get('successful')} of "
                     f"{shards.get('total')} shards: {json.dumps(shards.get('failures'))[:500]}")
        if total is None:
            total = answer["hits"]["total"]["value"]
        hits = answer["hits"]["hits"]
        for h in hits:
            found.add((h["_source"]["doc"], h["_source"]["paragraph"]))
        if len(hits) < PAGE:
            return total, found
        body["search_after"] = hits[-1]["sort"]


class Cluster:
    def __init__(self, url, user):
        self.url = url.rstrip("/")
        self.headers = {"Content-Type": "application/json"}
        if user:
            self.headers["Authorization"] = "Basic " + base64.b64encode(user.encode()).decode()

    def request(self, method, path, body=None, ok=(200, 201)):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            if e.code in ok:
                return {}
            sys.exit(f"{method} {path}: HTTP {e.code}: {e.read()[:500].decode(errors='replace')}")
        except urllib.error.URLError as e:
            sys.exit(f"cannot reach the cluster at {self.url}: {e.reason}")


if __name__ == "__main__":
    main()
