#!/usr/bin/env python3
"""Labelled sets derived from the sample corpus, for what the visible sets do not test: long articles and broad
topics rather than stories of one or two sentences.

- current-events-category.jsonl: every current-events item, labelled by its broad category (one of ten).
- current-events-headlines.jsonl: the items of a story, each as its first sentence alone (title and text), as
  a site of headlines or a feed without bodies gives them; labelled by the most specific story.
- current-events-storydocs.jsonl: the items of each story with 3 or more of them, joined in date order into one
  longer article, labelled by the story's most common category.
- sib200-long-{en,ru,uk,az,lt}.jsonl: runs of 4 SIB-200 sentences of one topic joined into one text, labelled by
  the topic; the same runs in every language, so languages stay comparable.

Usage: python3 scripts/derived_sets.py OUT_DIR [--shared ../shared]   (prints the paths it wrote)
"""
import argparse
import collections
import json
import os


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def current_events(shared, out):
    items = [json.loads(line) for line in open(os.path.join(shared, "corpus", "wikipedia-current-events.jsonl"), encoding="utf-8")]
    first_sentence = lambda text: text.split(". ")[0][:150]
    categories = [{"id": r["id"], "title": first_sentence(r["text"]), "text": r["text"], "label": r["category"],
                   "date": r["date"], "lang": "en"} for r in items]
    stories = collections.defaultdict(list)
    for r in items:
        if r.get("story_path"):
            stories[r["story_path"][-1]].append(r)
    headlines = [{"id": r["id"], "title": first_sentence(r["text"]), "text": first_sentence(r["text"]),
                  "label": r["story_path"][-1], "date": r["date"], "lang": "en"} for r in items if r.get("story_path")]
    documents = []
    for number, (_, members) in enumerate(sorted(stories.items())):
        if len(members) < 3:
            continue
        members.sort(key=lambda r: (r["date"], r["id"]))
        label = collections.Counter(r["category"] for r in members).most_common(1)[0][0]
        documents.append({"id": str(number), "title": first_sentence(members[0]["text"]),
                          "text": " ".join(r["text"] for r in members), "label": label, "date": members[-1]["date"],
                          "lang": "en"})
    return [write(os.path.join(out, "current-events-category.jsonl"), categories),
            write(os.path.join(out, "current-events-headlines.jsonl"), headlines),
            write(os.path.join(out, "current-events-storydocs.jsonl"), documents)]


def sib_long(shared, out, run=4):
    paths = []
    for lang in ("en", "ru", "uk", "az", "lt"):
        rows = [json.loads(line) for line in open(os.path.join(shared, "corpus", "labelled", f"sib200-{lang}.jsonl"), encoding="utf-8")]
        by_label = collections.defaultdict(list)
        for row in rows:
            by_label[row["label"]].append(row)
        documents = []
        for label in sorted(by_label):
            members = by_label[label]
            for start in range(0, len(members) - run + 1, run):
                chunk = members[start:start + run]
                documents.append({"id": str(len(documents)), "title": chunk[0]["title"],
                                  "text": " ".join(r["text"] for r in chunk), "label": label, "lang": lang})
        paths.append(write(os.path.join(out, f"sib200-long-{lang}.jsonl"), documents))
    return paths


def derive(shared, out):
    os.makedirs(out, exist_ok=True)
    return current_events(shared, out) + sib_long(shared, out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--shared", default="../shared")
    a = ap.parse_args()
    for path in derive(a.shared, a.out):
        print(path)
