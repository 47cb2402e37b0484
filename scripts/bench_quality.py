#!/usr/bin/env python3
"""Relatedness quality on every visible labelled set, by the protocol the project is judged by.

For each set it runs `../shared/eval/quality.py`'s own rankers in one go: word-set Jaccard and TF-IDF cosine over the
full text (the baselines), and the project (its CLI builds a manifest from the set as a JSON Feed and prints
`related --all`). It prints precision@5 side by side, the share of the project's lists that are full (a short list
counts its empty slots as misses), and the project's build and `related --all` times.

With --derived it adds the sets `scripts/derived_sets.py` makes from the same corpus (broad categories, longer
articles), printed below the visible ones.

Usage: python3 scripts/bench_quality.py [--cli target/release/related-news] [--shared ../shared] [--sets a.jsonl,...]
       [--derived] [--markdown]
"""
import argparse
import collections
import contextlib
import importlib.util
import io
import os
import random
import sys
import tempfile
import time


def load_protocol(shared):
    path = os.path.join(shared, "eval", "quality.py")
    spec = importlib.util.spec_from_file_location("quality", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def queries_for(q, docs, k, limit=1500):
    """The same query sample as quality.py's main(): items whose label has more than k members, seed 7."""
    size = collections.Counter(label for d in docs for label in q.labels_of(d))
    candidates = [i for i, d in enumerate(docs) if q.labels_of(d) and max(size[l] for l in q.labels_of(d)) > k]
    random.seed(7)
    return sorted(random.sample(candidates, min(limit, len(candidates))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="target/release/related-news")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sets", default="")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--derived", action="store_true", help="also the sets derived_sets.py makes")
    a = ap.parse_args()
    q = load_protocol(a.shared)
    labelled = os.path.join(a.shared, "corpus", "labelled")
    sets = a.sets.split(",") if a.sets else [os.path.join(labelled, "current-events-story.jsonl")] + [
        os.path.join(labelled, f"sib200-{lang}.jsonl") for lang in ("en", "ru", "uk", "az", "lt")]
    derived_dir = None
    if a.derived:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import derived_sets
        derived_dir = tempfile.TemporaryDirectory()
        sets += derived_sets.derive(a.shared, derived_dir.name)
    rows = []
    for path in sets:
        docs = q.load(path)
        queries = queries_for(q, docs, a.k)
        jaccard, _ = q.precision(docs, q.rank_jaccard(docs, queries, a.k), a.k)
        tfidf, _ = q.precision(docs, q.rank_tfidf(docs, queries, a.k), a.k)
        timing = io.StringIO()
        with contextlib.redirect_stderr(timing):
            ranked = q.rank_project(docs, queries, a.k, a.cli)
        project, n = q.precision(docs, ranked, a.k)
        full = sum(1 for lists in ranked.values() if len(lists) >= a.k) / max(len(ranked), 1)
        times = timing.getvalue().strip().replace("  project ", "")
        rows.append((os.path.basename(path), n, jaccard, tfidf, project, full, times))
        print(f"{os.path.basename(path)}: project {project:.3f}, jaccard {jaccard:.3f}, tfidf {tfidf:.3f}, "
              f"full lists {full:.0%} ({times})", file=sys.stderr)
    if a.markdown:
        print("| set | queries | project P@5 | Jaccard | TF-IDF | margin over the better | full lists |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, n, j, t, p, full, _ in rows:
            print(f"| {name} | {n} | **{p:.3f}** | {j:.3f} | {t:.3f} | {p - max(j, t):+.3f} | {full:.0%} |")
    else:
        print(f"{'set':32} {'queries':>7} {'project':>8} {'jaccard':>8} {'tfidf':>8} {'margin':>7} {'full':>6}")
        for name, n, j, t, p, full, _ in rows:
            print(f"{name:32} {n:7} {p:8.3f} {j:8.3f} {t:8.3f} {p - max(j, t):+7.3f} {full:6.0%}")
    worst = min(p - max(j, t) for _, _, j, t, p, _, _ in rows)
    print(f"smallest margin over the better baseline: {worst:+.3f}")


if __name__ == "__main__":
    main()
