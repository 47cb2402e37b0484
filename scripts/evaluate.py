#!/usr/bin/env python3
"""Measures related-article quality and speed on the Wikipedia current-events corpus.

It turns the corpus (JSON lines) into a JSON Feed (first sentence as title, text, date, the linked Wikipedia
articles as tags; never the story fields, which are the ground truth), builds a manifest with the CLI, runs
`related --all -k 5 --json`, and prints precision@5 with "same story_path[-1]" as ground truth over the items whose
story has at least --min-story items, next to a plain word-overlap (Jaccard) baseline computed here.

Usage: python3 scripts/evaluate.py [--corpus PATH] [--bin PATH] [--min-story 6] [--runs 3] [--limit N]
"""
import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

STOP = set("""a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how if in into is it its just may me might more most must my no nor not now of off on once only or other
our out over own same says said she should so some such than that the their them then there these they this those
through to too under until up us very was we were what when where which while who whom why will with would you your
upon within without among across since via per yet still another many much several one two three new year years
including""".split())


def first_sentence(text):
    """The first sentence, skipping abbreviations such as 'U.S.' and initials."""
    for match in re.finditer(r"[.!?](\s+|$)", text):
        end = match.start()
        before = text[:end].split()[-1] if text[:end].split() else ""
        if len(before) <= 2 or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", before) or before in ("Mr", "Mrs", "Dr", "St", "Jr", "U.S", "U.K"):
            continue
        return text[: end + 1].strip()
    return text.strip()


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def to_json_feed(items):
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wikipedia current events",
        "language": "en",
        "items": [
            {
                "id": item["id"],
                "url": f"https://current-events.example/items/{item['id']}.html",
                "title": first_sentence(item["text"]),
                "content_text": item["text"],
                "date_published": item["date"],
                "tags": item.get("wiki_links") or [],
            }
            for item in items
        ],
    }


def run(cmd, runs):
    """Runs a command `runs` times; returns (stdout of the last run, best wall time in seconds)."""
    best = None
    out = None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")
        best = elapsed if best is None else min(best, elapsed)
        out = result.stdout
    return out, best


def precision_at_5(rankings, story_of, eval_ids):
    total = 0.0
    for item_id in eval_ids:
        related = rankings.get(item_id, [])[:5]
        hits = sum(1 for other in related if story_of.get(other) == story_of[item_id])
        total += hits / 5
    return total / len(eval_ids)


def jaccard_rankings(items, eval_ids):
    """Top 5 by Jaccard similarity of word sets, for each evaluated item."""
    words = {}
    for item in items:
        tokens = {t for t in re.findall(r"\w+", item["text"].lower()) if t not in STOP and not t.isdigit()}
        words[item["id"]] = tokens
    postings = collections.defaultdict(list)
    for item_id, tokens in words.items():
        for t in tokens:
            postings[t].append(item_id)
    rankings = {}
    for item_id in eval_ids:
        mine = words[item_id]
        overlap = collections.Counter()
        for t in mine:
            for other in postings[t]:
                if other != item_id:
                    overlap[other] += 1
        scored = []
        for other, shared in overlap.items():
            union = len(mine) + len(words[other]) - shared
            scored.append((shared / union if union else 0.0, other))
        scored.sort(key=lambda s: (-s[0], s[1]))
        rankings[item_id] = [other for _, other in scored[:5]]
    return rankings


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus", "wikipedia-current-events.jsonl"))
    parser.add_argument("--bin", default=os.path.join(root, "target", "release", "related-news"))
    parser.add_argument("--min-story", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of build and related; the best is reported")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N items (0: all)")
    parser.add_argument("--keep", help="folder to keep the feed and manifest in")
    parser.add_argument("--no-baseline", action="store_true", help="skip the (slow) Jaccard baseline")
    args = parser.parse_args()

    items = load(args.corpus)
    if args.limit:
        items = items[: args.limit]
    story_of = {i["id"]: i["story_path"][-1] for i in items if i.get("story_path")}
    story_sizes = collections.Counter(story_of.values())
    eval_ids = sorted(i for i, s in story_of.items() if story_sizes[s] >= args.min_story)

    work = args.keep or tempfile.mkdtemp(prefix="related-news-eval-")
    os.makedirs(work, exist_ok=True)
    feed_path = os.path.join(work, "feed.json")
    manifest_path = os.path.join(work, "manifest.json")
    with open(feed_path, "w", encoding="utf-8") as f:
        json.dump(to_json_feed(items), f, ensure_ascii=False)

    _, build_seconds = run([args.bin, "build", feed_path, "-o", manifest_path, "--lang", "en", "--quiet"], args.runs)
    related_out, related_seconds = run([args.bin, "related", manifest_path, "--all", "-k", "5", "--json"], args.runs)
    rankings = {}
    for line in related_out.splitlines():
        row = json.loads(line)
        rankings[row["id"]] = [r["id"] for r in row["related"]]

    if not args.no_baseline:
        start = time.perf_counter()
        baseline = jaccard_rankings(items, eval_ids)
        baseline_seconds = time.perf_counter() - start

    raw = os.path.getsize(manifest_path)
    with open(manifest_path, "rb") as f:
        zipped = len(gzip.compress(f.read(), compresslevel=9))
    ours = precision_at_5(rankings, story_of, eval_ids)
    returned = sum(len(rankings.get(i, [])) for i in eval_ids) / max(1, len(eval_ids))

    print(f"corpus: {len(items)} items; evaluated: {len(eval_ids)} items in stories of {args.min_story}+ items")
    print(f"precision@5  related-news: {ours:.3f}   (average list length {returned:.2f})")
    if not args.no_baseline:
        jaccard = precision_at_5(baseline, story_of, eval_ids)
        print(f"precision@5  Jaccard word overlap (baseline): {jaccard:.3f}   ({baseline_seconds:.1f} s in Python)")
    print(f"build: {build_seconds:.2f} s   related --all -k 5: {related_seconds:.2f} s   (best of {args.runs}, {os.cpu_count()} cores)")
    print(f"manifest: {raw} bytes raw, {zipped} bytes gzipped ({raw / len(items):.0f} bytes per article raw)")


if __name__ == "__main__":
    main()
