#!/usr/bin/env python3
"""The widget on a plain JSON Feed (no build step) against a plain script, on a same-story feed.

The feed is a slice of the current-events stories as a site would publish it: title, `content_text`, date, and the
linked Wikipedia articles as `tags`. The project's lists come from `related-news related FEED --all`, which reads the
feed exactly as the widget does (`src/manifest/jsonfeed.rs`) and ranks with the widget's code. The plain script is
what a 40-line JavaScript recommender does: score the overlap of tags and title words, each weighted by IDF, and show
the best five. Printed: the share of shown links that are from the query's own story, and the same per slot (P@5).

Usage: python3 scripts/bench_feed.py [--cli target/release/related-news] [--shared ../shared] [--items 1000,8010]
"""
import argparse
import collections
import json
import math
import os
import re
import subprocess
import tempfile


def feed_of(stories, links):
    items = [{"id": d["id"], "url": f"https://news.example/{d['id']}", "title": d["title"], "content_text": d["text"],
              "date_published": d["date"] + "T00:00:00Z", "tags": links.get(d["id"], []), "language": d.get("lang", "en")}
             for d in stories]
    return {"version": "https://jsonfeed.org/version/1.1", "title": "Same-story feed",
            "home_page_url": "https://news.example/", "items": items}


def plain_script(items, k):
    def tokens(item):
        words = set(re.findall(r"[^\W\d_]{3,}", item["title"].lower()))
        return words | {"#" + tag.lower() for tag in item["tags"]}
    sets = {item["id"]: tokens(item) for item in items}
    df = collections.Counter(t for s in sets.values() for t in s)
    idf = {t: math.log(len(items) / c) for t, c in df.items()}
    postings = collections.defaultdict(list)
    for item_id, s in sets.items():
        for t in s:
            postings[t].append(item_id)
    lists = {}
    for item_id, s in sets.items():
        scores = collections.Counter()
        for t in s:
            for other in postings[t]:
                if other != item_id:
                    scores[other] += idf[t]
        lists[item_id] = [o for o, v in sorted(scores.items(), key=lambda x: (-x[1], x[0])) if v > 0][:k]
    return lists


def project(cli, feed_path, k):
    out = subprocess.run([cli, "related", feed_path, "--all", "-k", str(k), "--json"], check=True, capture_output=True,
                         text=True).stdout
    return {o["id"]: [r["id"] for r in o["related"]] for o in map(json.loads, filter(str.strip, out.splitlines()))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="target/release/related-news")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--items", default="1000,8010")
    ap.add_argument("--k", type=int, default=5)
    a = ap.parse_args()
    corpus = os.path.join(a.shared, "corpus")
    links = {}
    for line in open(os.path.join(corpus, "wikipedia-current-events.jsonl"), encoding="utf-8"):
        row = json.loads(line)
        links[row["id"]] = row.get("wiki_links", [])
    stories = [json.loads(line) for line in open(os.path.join(corpus, "labelled", "current-events-story.jsonl"), encoding="utf-8")]
    print(f"{'items':>6} {'queries':>7} {'widget':>8} {'plain':>8}   (share of shown links from the same story; P@5)")
    for n in map(int, a.items.split(",")):
        chosen = stories[-n:]  # the most recent n, as a site's feed would hold
        feed = feed_of(chosen, links)
        label = {d["id"]: d["label"] for d in chosen}
        size = collections.Counter(label.values())
        queries = [d["id"] for d in chosen if size[d["label"]] > a.k]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "feed.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(feed, f, ensure_ascii=False)
            widget = project(a.cli, path, a.k)
        plain = plain_script(feed["items"], a.k)

        def share(lists):
            shown = sum(len(lists.get(q, [])) for q in queries)
            same = sum(1 for q in queries for o in lists.get(q, []) if label[o] == label[q])
            return same / max(shown, 1), same / max(a.k * len(queries), 1)

        (w, w5), (p, p5) = share(widget), share(plain)
        print(f"{len(chosen):6} {len(queries):7} {w:8.3f} {p:8.3f}   P@5 {w5:.3f} vs {p5:.3f}")


if __name__ == "__main__":
    main()
