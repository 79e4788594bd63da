#!/usr/bin/env python3
"""Recall of an OpenSearch cluster against policy-search, on the same documents and queries.

Indexes a corpus locally, loads it into the cluster through policy-search's own export
(`opensearch sync`), runs every query on both engines (the cluster gets the body of
`policy-search opensearch query`), and prints for each query how many of our paragraphs the
cluster found too. Exit status 1 when the cluster misses any.

    tools/opensearch_parity.py --url http://localhost:9200

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


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="the cluster, e.g. http://localhost:9200")
    p.add_argument("--index-name", default="policy-parity", help="the cluster's index to load (default policy-parity)")
    p.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"), help="documents to load (default ../shared/corpus)")
    p.add_argument("--queries", default=os.path.join(ROOT, "..", "shared", "queries", "public.txt"), help="one query a line (default ../shared/queries/public.txt)")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "policy-search"), help="the policy-search executable (default target/release/policy-search)")
    p.add_argument("--work", help="folder for the local index (default: a temporary folder)")
    p.add_argument("--ranking", default="bigrams", choices=["bigrams", "smartcn", "ik"], help="the cluster's ranking analysis (plugin installed there)")
    p.add_argument("--user", default=os.environ.get("OPENSEARCH_USER"), help="USER:PASSWORD for basic authentication (or OPENSEARCH_USER)")
    p.add_argument("--recreate", action="store_true", help="delete the cluster's index first")
    args = p.parse_args()

    if not os.path.isfile(args.binary):
        sys.exit(f"no executable at {args.binary}: run `cargo build --release` or pass --binary")
    cluster = Cluster(args.url, args.user)
    work = args.work or tempfile.mkdtemp(prefix="opensearch-parity-")
    index = os.path.join(work, "index")

    run(args.binary, "index", "--corpus", args.corpus, "--index", index)
    if args.recreate:
        cluster.request("DELETE", f"/{args.index_name}", ok=(200, 404))
    env_user = {"OPENSEARCH_USER": args.user} if args.user else {}
    print(run(args.binary, "opensearch", "sync", "--url", args.url, "--index-name", args.index_name,
              "--index", index, "--ranking", args.ranking, env=env_user).strip())
    cluster.request("POST", f"/{args.index_name}/_refresh")

    queries = [l.strip() for l in open(args.queries, encoding="utf-8") if l.strip() and not l.lstrip().startswith("#")]
    recalls = []
    print(f"{'query':<24} {'ours':>6} {'cluster':>8} {'both':>6} {'recall':>7}")
    for q in queries:
        ours = our_hits(args.binary, index, args.corpus, q)
        theirs = cluster_hits(cluster, args.binary, args.index_name, args.ranking, q)
        both = len(ours & theirs)
        recall = both / len(ours) if ours else 1.0
        recalls.append(recall)
        flag = "" if recall == 1.0 else "   ← missed " + ", ".join(f"{d}#{n}" for d, n in sorted(ours - theirs)[:3])
        print(f"{q:<24} {len(ours):>6} {len(theirs):>8} {both:>6} {recall:>7.3f}{flag}")
    mean = sum(recalls) / len(recalls) if recalls else 1.0
    print(f"\n{len(queries)} queries: mean recall of the cluster against policy-search {mean:.4f}, "
          f"{sum(r == 1.0 for r in recalls)} with recall 1.0")
    sys.exit(0 if all(r == 1.0 for r in recalls) else 1)


def run(binary, *args, env=None):
    full_env = dict(os.environ, **(env or {}))
    done = subprocess.run([binary, *args], capture_output=True, text=True, env=full_env)
    if done.returncode != 0:
        sys.exit(f"{binary} {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def our_hits(binary, index, corpus, query):
    out = run(binary, "query", "--index", index, "--corpus", corpus, "--json", "--limit", "1000000", "--", query)
    hits = json.loads(out)["hits"]
    return {(h["doc"], h["paragraph"]) for h in hits}


def cluster_hits(cluster, binary, index_name, ranking, query):
    body = json.loads(run(binary, "opensearch", "query", "--ranking", ranking, "--", query))
    # Every hit, in pages: search_after on a total order, only the ids in the answer.
    body.pop("highlight", None)
    body.pop("aggs", None)
    body.pop("from", None)
    body["size"] = PAGE
    body["_source"] = ["doc", "paragraph"]
    body["sort"] = [{"doc": "asc"}, {"paragraph": "asc"}]
    found = set()
    while True:
        answer = cluster.request("POST", f"/{index_name}/_search", body)
        hits = answer["hits"]["hits"]
        for h in hits:
            found.add((h["_source"]["doc"], h["_source"]["paragraph"]))
        if len(hits) < PAGE:
            return found
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
            with urllib.request.urlopen(req) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            if e.code in ok:
                return {}
            sys.exit(f"{method} {path}: HTTP {e.code}: {e.read()[:500].decode(errors='replace')}")
        except urllib.error.URLError as e:
            sys.exit(f"cannot reach the cluster at {self.url}: {e.reason}")


if __name__ == "__main__":
    main()
