#!/usr/bin/env python3
"""Build the "Civic Wire" demo news site into www/ from the shared sample corpus.

A stop-gap generator (Python 3 standard library only) so the widget has a realistic site to run on:

    python3 scripts/make_demo_site.py [CORPUS_DIR] [--out DIR]

CORPUS_DIR defaults to ../shared/corpus relative to the repository root, --out to www/ in the repository.
It writes www/articles/<id>.html, www/index.html, www/site.css, www/site.config.json (the config from which
`related-news build` makes the manifest) and www/CREDITS.md. Nothing it writes refers to the corpus folder, so the output can be
committed and served on its own. The output is deterministic: the same corpus gives the same bytes.

Only files this script writes are touched; www/dist/ (the built widget) is left alone.
"""

import argparse
import collections
import datetime
import html
import json
import os
import re
import sys
import unicodedata

SITE_NAME = "Civic Wire"
SITE_LANG = "en"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
WIDGET_SRC = "/dist/related-news.js"
MANIFEST_PATH = "/manifest.json"
# `related-news serve` takes subscriptions here (`make demo`); the privacy page is the one linked by the consent box.
SUBSCRIBE_ENDPOINT = "/api/subscribe"
PRIVACY_PATH = "/privacy.html"

# How many Wikipedia "Current events" items to take, roughly, and how many of them from unrelated stories.
TARGET_ITEMS = 300
TARGET_UNRELATED = 70
STORY_MIN, STORY_MAX = 4, 12
LATEST_ON_INDEX = 40

TITLE_MAX = 110
SUMMARY_MAX = 200

# Words that make a story relevant to a human-rights / civil-society newsroom. Each is matched at the start of a
# word, case-insensitively ("russia" also finds "Russian", "ukrain" finds "Ukraine" and "Ukrainian").
RELEVANT_TERMS = [
    "human rights", "civil society", "election", "protest", "journalist", "court", "osce",
    "russia", "azerbaijan", "kazakhstan", "ukrain", "lithuania",
]
RELEVANT_RE = re.compile(r"\b(" + "|".join(re.escape(t) for t in RELEVANT_TERMS) + ")", re.IGNORECASE)

# Categories the unrelated stories are drawn from, in turn, so that relatedness matters on the demo.
UNRELATED_CATEGORIES = [
    "Sports", "Science and technology", "Disasters and accidents",
    "Arts and culture", "Health and environment", "Business and economy",
]

# The ten corpus categories, with labels for the manifest's topics (English, Russian, Azerbaijani).
CATEGORY_LABELS = {
    "Armed conflicts and attacks": ("Вооружённые конфликты и нападения", "Silahlı münaqişələr və hücumlar"),
    "Arts and culture": ("Искусство и культура", "İncəsənət və mədəniyyət"),
    "Business and economy": ("Бизнес и экономика", "Biznes və iqtisadiyyat"),
    "Disasters and accidents": ("Катастрофы и происшествия", "Fəlakətlər və qəzalar"),
    "Health and environment": ("Здоровье и окружающая среда", "Səhiyyə və ətraf mühit"),
    "International relations": ("Международные отношения", "Beynəlxalq münasibətlər"),
    "Law and crime": ("Право и преступность", "Hüquq və cinayət"),
    "Politics and elections": ("Политика и выборы", "Siyasət və seçkilər"),
    "Science and technology": ("Наука и технологии", "Elm və texnologiya"),
    "Sports": ("Спорт", "İdman"),
}
HUMAN_RIGHTS_TOPIC = {
    "id": "human-rights",
    "labels": {"en": "Human rights", "ru": "Права человека", "az": "İnsan hüquqları"},
}

# ---------------------------------------------------------------------------------------------------------------
# Seed pages: ids, titles, dates and hand-written keywords and entities. A title of None means "take the first
# line of the page". Keywords are normalised (lower case, single spaces); a pair gives a weight.

SEEDS = {
    "000": {
        "id": "kerry-basel-2014",
        "title": "Secretary Kerry met with civil society activists from the former USSR",
        "date": "2014-12-04",
        # The page's own headline is garbled ("Civil" for "Civil Society Activists"); the title above replaces it.
        "drop_lines": ["Secretary Kerry met with Civil from the former USSR"],
        "topics": ["human-rights", "international-relations"],
        "keywords": [["civil society", 2], ["human rights", 2], "osce", "human rights defenders",
                     "independent media", "foreign agents", "non-governmental organizations", "journalists"],
        "entities": {
            "people": ["John Kerry", "Barack Obama"],
            "organizations": ["OSCE", "Civic Solidarity", "swisspeace", "U.S. Department of State"],
            "places": ["Basel", "Azerbaijan", "Belarus", "Kazakhstan", "Russia", "Turkmenistan", "Ukraine",
                       "Serbia"],
        },
        "pinned": ["osce-parallel-conference-vilnius-2011"],
    },
    "001": {
        "id": "osce-parallel-conference-vilnius-2011",
        "title": "Parallel OSCE Civil Society Conference in Vilnius: Making Commitments Come True",
        "date": "2011-12-05",
        # A link on the original page; there is nothing to link to here.
        "drop_lines": ["The full Outcome Document of the OSCE Parallel Conference is available here."],
        "topics": ["human-rights", "international-relations"],
        "keywords": [["civil society", 2], ["human rights", 2], ["osce", 2], "human rights defenders",
                     "human dimension", "helsinki process", "freedom of association", "freedom of expression",
                     "election observers", "political prisoners", "journalists"],
        "entities": {
            "people": ["Audronius Ažubalis", "Brigitte Dufour", "Ales Bialiatsky", "Evgeniy Zhovtis",
                       "Azimzhan Askarov", "Yuri Dzhibladze"],
            "organizations": ["OSCE", "International Partnership for Human Rights", "Civic Solidarity", "ODIHR"],
            "places": ["Vilnius", "Lithuania", "Belarus", "Kazakhstan", "Azerbaijan", "Kyrgyzstan", "Uzbekistan"],
        },
    },
    "002": {
        "id": "us-kazakhstan-human-rights-dialogue-2024",
        "title": None,
        "date": "2024-05-20",
        "drop_lines": [],
        "topics": ["human-rights", "international-relations"],
        "keywords": [["human rights", 2], "civil society", "democratic reforms", "freedom of expression",
                     "independent media", "rule of law", "domestic violence", "freedom of religion"],
        "entities": {
            "people": ["Uzra Zeya", "Erzhan Kazykhan", "Kassym-Jomart Tokayev"],
            "organizations": ["U.S. Department of State", "United Nations High Commissioner for Refugees", "C5+1"],
            "places": ["Kazakhstan", "Astana", "United States"],
        },
    },
    "003": {
        "id": "community-of-democracies-oslo-2018",
        "title": "Community of Democracies meets civil society leaders in Oslo",
        "date": "2018-12-10",
        "drop_lines": [],
        "topics": ["human-rights", "international-relations"],
        "keywords": [["civil society", 2], ["human rights", 2], "human rights defenders", "democracy",
                     "civic space"],
        "entities": {
            "people": ["Thomas E. Garrett", "Marianne Hagen"],
            "organizations": ["Community of Democracies", "Norwegian Ministry of Foreign Affairs",
                              "United Nations"],
            "places": ["Oslo", "Norway"],
        },
    },
    "004": {
        "id": "russian-civil-society-leaders-2012",
        "title": None,
        "date": "2012-04-26",
        "drop_lines": [],
        "topics": ["human-rights", "international-relations"],
        "keywords": [["civil society", 2], ["human rights", 2], ["prison reform", 2], "rule of law",
                     "prison conditions", "magnitsky"],
        "entities": {
            "people": ["Thomas O. Melia", "Sergei Magnitsky", "William Burns", "Donald K. Steinberg",
                       "Konstantin Dolgov", "Mark Kappelhoff", "Barack Obama", "Dmitry Medvedev"],
            "organizations": ["U.S. Department of State", "USAID", "U.S. Department of Justice",
                              "U.S.-Russia Bilateral Presidential Commission"],
            "places": ["Russia", "Moscow", "United States"],
        },
    },
}

# Page chrome in the seed pages, removed by these rules.
CHROME_LINES = {
    "Federal Lezghi", "National and Cultural Autonomy", "Your Login",
    "Quick search", "Advanced search", "Reset all", "All news",
}
LANGUAGE_SWITCHER_RE = re.compile(r"^(?:Rus|Eng|Az|Lz)(?:\s+(?:Rus|Eng|Az|Lz))*$")
IMAGE_NOISE_RE = re.compile(r"^Webp\s+\S+$")
BLOCK_HEADING = "ORGANIZATIONS IN THIS STORY"  # dropped together with the line after it
# A line starting with one of these ends the article: everything after it is link lists and comment boxes.
END_MARKERS = (
    "Maybe you are interested in:", "Comments (", "Read more", "More news", "Subscribe to our updates",
    "To learn more about", "For more information on how", "Place your comment",
)
# The payday-loan spam injected into seed 004: bare links and runs of Russian words inside English text.
SPAM_RE = re.compile(r"(?:\s*(?:https?://\S+|[\u0400-\u04FF]+))+")
BYLINE_RE = re.compile(r"^BY [A-Z .]+ / [A-Z]+ \d{1,2}, \d{4}$")

# Variant words that stand for keywords of the manifest (kept only when the keyword is used by some article).

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "st", "jr", "sr", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "rep", "sen", "gov",
    "pres", "prof", "rev", "no", "nos", "vs", "v", "inc", "ltd", "co", "corp", "mt", "ft", "approx", "est",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "a.m", "p.m",
}


# ---------------------------------------------------------------------------------------------------------------
# Text helpers

def clean_space(text):
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def cut_words(text, limit):
    """Cuts text to at most `limit` characters at a word boundary, ending with "…" when anything was cut."""
    text = clean_space(text)
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head and not text[limit - 1].isspace():
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:.–—-") + "…"


def split_first_sentence(text):
    """Returns (first sentence, rest). A full stop after an abbreviation, an initial or a dotted
    abbreviation ("U.S.") does not end a sentence."""
    text = clean_space(text)
    for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])", text):
        end = m.start()
        if text[end] == ".":
            word = re.search(r"(\S+)$", text[:end])
            token = word.group(1).lstrip("\"“‘(") if word else ""
            if (token.lower() in ABBREVIATIONS or (len(token) == 1 and token.isupper())
                    or "." in token):
                continue
        return text[: m.end()].strip(), text[m.end():].strip()
    return text, ""


def headline(sentence):
    sentence = sentence.strip()
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return cut_words(sentence, TITLE_MAX)


def slugify(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def strip_qualifier(title):
    """"Darfur campaign (2023–present)" gives "Darfur campaign"."""
    return clean_space(re.sub(r"\s*\([^()]*\)", " ", title)) or clean_space(title)


def keyword_of(title):
    # "İ" lower-cases to "i" (as in src/text.rs), not to "i" plus a combining dot.
    text = unicodedata.normalize("NFC", strip_qualifier(title)).replace("İ", "i")
    return clean_space(text.lower())


# Wikipedia project pages are not about the news; "es:Título" links go to another language's Wikipedia.
PROJECT_LINK_RE = re.compile(r"^(?:Wikipedia|WP|Help|Template|File|Image|Category|Portal|Special|Draft):")
INTERLANGUAGE_RE = re.compile(r"^(?:[a-z]{2,3}|simple)(?:-[a-z]+)?:(?=\S)")


def usable_links(links):
    out = []
    for title in links:
        title = clean_space(title)
        if not title or PROJECT_LINK_RE.match(title):
            continue
        out.append(INTERLANGUAGE_RE.sub("", title))
    return unique(out)


def human_date(iso):
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def esc(text):
    return html.escape(text, quote=True)


def unique(values, key=lambda v: v):
    seen, out = set(), []
    for v in values:
        k = key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Seed pages

def clean_seed(raw, drop_lines, title):
    """Turns a saved seed page into (title, byline, paragraphs) by removing its page chrome."""
    lines = [clean_space(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    if title is None:
        title = lines[0]
    out, byline, skip_next = [], None, False
    for line in lines:
        if skip_next:
            skip_next = False
            continue
        if line.startswith(END_MARKERS):
            break
        if line == BLOCK_HEADING:
            skip_next = True
            continue
        if (line in CHROME_LINES or LANGUAGE_SWITCHER_RE.match(line) or IMAGE_NOISE_RE.match(line)
                or line == title or line in drop_lines):
            continue
        line = clean_space(SPAM_RE.sub("", line))
        # Doubled single quotes used as double quotes in seed 003.
        line = line.replace("‘’ ", "“").replace("‘’", "“").replace("’’", "”")
        if not re.search(r"\w", line):
            continue  # lone "-" and the like
        if byline is None and not out and BYLINE_RE.match(line):
            # "BY THOMAS O. MELIA / APRIL 26, 2012": the date is shown anyway, keep the author.
            byline = "By " + line[3:line.index(" / ")].title()
            continue
        out.append(line)
    return title, byline, out


def load_seeds(corpus):
    seed_dir = os.path.join(corpus, "seeds")
    files = sorted(f for f in os.listdir(seed_dir) if f.endswith(".txt"))
    articles = []
    for name in files:
        key = name[:3]
        if key not in SEEDS:
            print(f"warning: no settings for seed {name}, skipped", file=sys.stderr)
            continue
        conf = SEEDS[key]
        with open(os.path.join(seed_dir, name), encoding="utf-8") as fh:
            raw = fh.read()
        title, byline, paragraphs = clean_seed(raw, conf["drop_lines"], conf["title"])
        keywords = conf["keywords"]
        entities = conf["entities"]
        names = [n for group in entities.values() for n in group]
        display = {n.lower(): n for n in names}
        tags = unique([display.get(k, k) for k in (k if isinstance(k, str) else k[0] for k in keywords)] + names,
                      key=str.lower)
        articles.append({
            "kind": "seed",
            "id": conf["id"],
            "title": cut_words(title, 300),
            "date": conf["date"],
            "byline": byline,
            "paragraphs": paragraphs,
            "summary": cut_words(" ".join(paragraphs), SUMMARY_MAX),
            "topics": conf["topics"],
            "keywords": keywords,
            "entities": entities,
            "pinned": conf.get("pinned", []),
            "tags": tags,
        })
    return articles


# ---------------------------------------------------------------------------------------------------------------
# Wikipedia "Current events" items

def load_items(corpus):
    path = os.path.join(corpus, "wikipedia-current-events.jsonl")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def choose_stories(items):
    """Picks whole stories (same story_path[-1]) of 4 to 12 items, deterministically: first the stories that
    mention the newsroom's subjects most, then some unrelated ones from sports, science, disasters and so on."""
    stories = collections.defaultdict(list)
    for item in items:
        if item["story_path"]:
            stories[item["story_path"][-1]].append(item)
    candidates = {name: its for name, its in stories.items() if STORY_MIN <= len(its) <= STORY_MAX}

    relevant, unrelated = [], collections.defaultdict(list)
    for name, its in candidates.items():
        found = [set(m.lower() for m in RELEVANT_RE.findall(i["text"])) for i in its]
        distinct = len(set().union(*found))
        matching = sum(1 for f in found if f)
        if distinct:
            # Prefer stories where most items are on subject, then stories touching several subjects.
            relevant.append((-(matching / len(its) >= 0.5), -distinct, -matching, name))
        else:
            cats = collections.Counter(i["category"] for i in its)
            main = sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            if main in UNRELATED_CATEGORIES:
                unrelated[main].append((len(its), name))

    chosen, total = [], 0
    for *_, name in sorted(relevant):
        if total + len(candidates[name]) > TARGET_ITEMS - TARGET_UNRELATED:
            continue
        chosen.append(name)
        total += len(candidates[name])

    # Round-robin over the unrelated categories, smallest stories first so that more subjects are covered.
    queues = {c: sorted(unrelated[c]) for c in UNRELATED_CATEGORIES}
    added = 0
    while added < TARGET_UNRELATED and any(queues.values()):
        for cat in UNRELATED_CATEGORIES:
            if queues[cat] and added < TARGET_UNRELATED:
                size, name = queues[cat].pop(0)
                chosen.append(name)
                added += size
    picked = [i for name in chosen for i in candidates[name]]
    return picked, len(chosen)


# Wikipedia's markers for a link to another language's article ("[fr]", "[es; fr]") and maintenance notes
# ("[unreliable source?]"); editorial insertions such as "[their]" stay.
WIKI_MARKER_RE = re.compile(r"\s*\[(?:[a-z]{2}(?:; ?[a-z]{2})*|[a-z ]+\?|citation needed)\]")


def wiki_article(item):
    text = clean_space(WIKI_MARKER_RE.sub("", item["text"]))
    first, rest = split_first_sentence(text)
    links = usable_links(item["wiki_links"])
    keywords = unique([keyword_of(t) for t in links if keyword_of(t)])
    return {
        "kind": "wiki",
        "id": "wce-" + item["id"],
        "title": headline(first),
        "date": item["date"],
        "byline": None,
        "paragraphs": [text],
        "summary": cut_words(rest, SUMMARY_MAX) if rest else "",
        "topics": [slugify(item["category"])],
        "keywords": keywords[:100],
        "entities": {"other": links} if links else {},
        "pinned": [],
        "tags": unique([strip_qualifier(t) for t in links], key=str.lower),
        "source_page": item["source_page"],
        "sources": [s for s in item.get("sources", []) if s.get("url", "").startswith(("https://", "http://"))],
    }


# ---------------------------------------------------------------------------------------------------------------
# HTML

def page_head(title, extra=""):
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n"
        f"{extra}"
        '<link rel="stylesheet" href="/site.css">\n'
        "</head>\n"
    )


SITE_HEADER = (
    '<header class="site-header"><div class="bar">'
    f'<a class="brand" href="/">{esc(SITE_NAME)}</a>'
    '<nav><a href="/">Home</a>'
    '<span class="langs"><a href="#">Eng</a> <a href="#">Rus</a> <a href="#">Az</a></span></nav>'
    "</div></header>\n"
)

SITE_FOOTER = (
    '<footer class="site-footer"><p>'
    f"{esc(SITE_NAME)} is a made-up newsroom, the demo site of the related-news widget. "
    'Wikipedia text: <a href="https://en.wikipedia.org/wiki/Portal:Current_events">Wikipedia contributors, '
    f'Portal:Current events</a>, <a href="{LICENCE_URL}">CC BY-SA 4.0</a>. '
    '<a href="/CREDITS.md">Credits</a></p></footer>\n'
)


def article_page(a):
    metas = (
        f'<link rel="canonical" href="/articles/{esc(a["id"])}.html">\n'
        f'<meta property="og:title" content="{esc(a["title"])}">\n'
        f'<meta property="article:published_time" content="{esc(a["date"])}">\n'
        + "".join(f'<meta property="article:tag" content="{esc(t)}">\n' for t in a["tags"])
        + "".join(f'<meta property="article:section" content="{esc(section_name(t))}">\n' for t in a["topics"])
    )
    body = [f"<h1>{esc(a['title'])}</h1>\n",
            f'<p class="meta"><time datetime="{esc(a["date"])}">{esc(human_date(a["date"]))}</time>']
    if a["byline"]:
        body.append(f' <span class="byline">{esc(a["byline"])}</span>')
    body.append("</p>\n")
    body += [f"<p>{esc(p)}</p>\n" for p in a["paragraphs"]]
    if a["kind"] == "wiki":
        if a["sources"]:
            links = ", ".join(f'<a href="{esc(s["url"])}">{esc(s.get("name") or "report")}</a>'
                              for s in a["sources"][:3])
            body.append(f'<p class="sources">Reported by {links}</p>\n')
        body.append(
            f'<p class="credit">Text: <a href="{esc(a["source_page"])}">Wikipedia contributors, '
            f'Portal:Current events</a>, <a href="{LICENCE_URL}">CC BY-SA 4.0</a></p>\n')
    else:
        body.append('<p class="credit">Sample page from the related-news corpus</p>\n')
    return (
        page_head(f"{a['title']} – {SITE_NAME}", metas)
        + "<body>\n" + SITE_HEADER
        + "<main>\n<article>\n" + "".join(body) + "</article>\n"
        + "<div data-related-news></div>\n"
        + f'<script type="module" src="{WIDGET_SRC}" data-manifest="{MANIFEST_PATH}" '
        + f'data-article="{esc(a["id"])}" data-subscribe-endpoint="{SUBSCRIBE_ENDPOINT}" '
        + f'data-privacy-url="{PRIVACY_PATH}"></script>\n'
        + "</main>\n" + SITE_FOOTER + "</body>\n</html>\n"
    )


def privacy_page():
    """The privacy page the subscription panel's consent box links to: what is kept, why, and how to leave."""
    paragraphs = [
        "When you subscribe to our topics, we keep your e-mail address, the topics and types of information you "
        "chose, the language of the page and its address, and the time you subscribed.",
        "We use them only to send you the updates you asked for. Nothing is sent until you confirm your address "
        "with the link in the first e-mail we send you.",
        "Every e-mail has a link to unsubscribe; it works at once. Civic Wire is a demo site: the e-mails are "
        "written to a folder on the server, never sent.",
    ]
    body = "<h1>Privacy</h1>\n" + "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs)
    return (
        page_head(f"Privacy – {SITE_NAME}")
        + "<body>\n" + SITE_HEADER
        + "<main>\n<article>\n" + body + "</article>\n</main>\n" + SITE_FOOTER + "</body>\n</html>\n"
    )


def index_page(articles):
    def item(a, summary=False):
        s = (f'<li><a href="/articles/{esc(a["id"])}.html">{esc(a["title"])}</a> '
             f'<time datetime="{esc(a["date"])}">{esc(human_date(a["date"]))}</time>')
        if summary and a["summary"]:
            s += f'<p>{esc(a["summary"])}</p>'
        return s + "</li>\n"

    seeds = [a for a in articles if a["kind"] == "seed"]
    latest = articles[:LATEST_ON_INDEX]
    return (
        page_head(f"{SITE_NAME} – news on human rights and civil society")
        + "<body>\n" + SITE_HEADER + "<main>\n"
        + f'<h1 class="visually-hidden">{esc(SITE_NAME)}: latest news</h1>\n'
        + '<section class="featured">\n<h2>Featured</h2>\n<ul class="list">\n'
        + "".join(item(a, summary=True) for a in seeds)
        + "</ul>\n</section>\n"
        + '<section class="latest">\n<h2>Latest news</h2>\n<ul class="list">\n'
        + "".join(item(a) for a in latest)
        + "</ul>\n</section>\n"
        + '<section class="about">\n<h2>About this demo</h2>\n'
        f"<p>{esc(SITE_NAME)} is a made-up newsroom: a static demo site for the related-news widget, which "
        "shows related articles under each story. The short news items are from Wikipedia's "
        '<a href="https://en.wikipedia.org/wiki/Portal:Current_events">Portal:Current events</a>, by Wikipedia '
        f'contributors, under <a href="{LICENCE_URL}">CC BY-SA 4.0</a>; each item links to its day page. '
        "The five featured articles are sample pages from the project's corpus, cleaned of their page chrome. "
        'See <a href="/CREDITS.md">CREDITS.md</a>.</p>\n</section>\n'
        + "</main>\n" + SITE_FOOTER + "</body>\n</html>\n"
    )


SITE_CSS = """\
/* Civic Wire demo newsroom. Light theme only. Rules are scoped to the site's own elements: nothing here
   targets the related-news widget (<div data-related-news>), which styles itself. */
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: #fff;
  color: #1d1f23;
  font: 18px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main > article a, main > section > .list a, main > .about a, .site-footer a { color: #0b57a4; }
main > article a:hover, main > section > .list a:hover, main > .about a:hover, .site-footer a:hover { color: #083f78; }
.site-header { background: #14213d; color: #fff; }
.site-header .bar {
  box-sizing: border-box; max-width: 46rem; margin: 0 auto; padding: .75rem 1.25rem;
  display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem 1.5rem;
}
.site-header a { color: #fff; text-decoration: none; }
.site-header a:hover { text-decoration: underline; }
.brand { font: 700 1.5rem/1.2 Georgia, "Times New Roman", serif; letter-spacing: .01em; }
.site-header nav { display: flex; gap: 1.25rem; font-size: .9rem; }
.langs a { opacity: .8; }
main { box-sizing: border-box; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 2.5rem; }
main > article h1, main > section > h2 { font-family: Georgia, "Times New Roman", serif; line-height: 1.25; }
main > article h1 { font-size: 2rem; margin: .5rem 0 .5rem; }
main > section > h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid #14213d; }
main > article .meta { color: #5b616b; font-size: .9rem; margin-top: 0; }
main > article .byline { margin-left: .75rem; }
main > article p { margin: 0 0 1rem; }
main > article .sources, main > article .credit { color: #5b616b; font-size: .85rem; }
main > article .credit { border-top: 1px solid #dde1e6; padding-top: .75rem; margin-top: 1.5rem; }
main > section > .list { list-style: none; margin: 0; padding: 0; }
main > section > .list li { padding: .6rem 0; border-bottom: 1px solid #eceef1; }
main > section > .list li > a { font-weight: 600; text-decoration: none; }
main > section > .list li > a:hover { text-decoration: underline; }
main > section > .list time { display: block; color: #5b616b; font-size: .85rem; }
main > section > .list p { margin: .25rem 0 0; font-size: .95rem; color: #3a3f47; }
.site-footer { border-top: 1px solid #dde1e6; color: #5b616b; font-size: .85rem; }
.site-footer p { box-sizing: border-box; max-width: 46rem; margin: 0 auto; padding: 1.25rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
@media (max-width: 30rem) {
  body { font-size: 17px; }
  main > article h1 { font-size: 1.6rem; }
}
"""


# ---------------------------------------------------------------------------------------------------------------
# Manifest and credits

def section_name(topic_id):
    """The English name of a topic, as pages state it in article:section."""
    for cat in CATEGORY_LABELS:
        if slugify(cat) == topic_id:
            return cat
    return HUMAN_RIGHTS_TOPIC["labels"]["en"] if topic_id == HUMAN_RIGHTS_TOPIC["id"] else topic_id


def build_config(articles, categories):
    """The config `related-news build` reads for the demo: topics with labels, the sections that map to them,
    and the editors' pins."""
    topics = []
    for cat in categories:
        ru, az = CATEGORY_LABELS[cat]
        topics.append({"id": slugify(cat), "labels": {"en": cat, "ru": ru, "az": az}, "match": [cat]})
    topics.append(dict(HUMAN_RIGHTS_TOPIC, match=[HUMAN_RIGHTS_TOPIC["labels"]["en"]]))
    return {
        "site": {"name": SITE_NAME, "lang": SITE_LANG},
        "topics": topics,
        "categories_as_topics": False,
        "pinned": {a["id"]: a["pinned"] for a in articles if a["pinned"]},
    }


def credits_md(articles):
    days = sorted({a["source_page"] for a in articles if a["kind"] == "wiki"})
    seeds = [a for a in articles if a["kind"] == "seed"]
    lines = [
        "# Credits",
        "",
        f"{SITE_NAME} is a made-up newsroom: this folder is the demo site of the related-news widget, generated",
        "by `scripts/make_demo_site.py` from the project's sample corpus. Do not edit the generated files by hand.",
        "",
        "## News items from Wikipedia",
        "",
        "The pages `articles/wce-*.html` and their titles and summaries in `manifest.json` reproduce short news",
        "items from Wikipedia's \"Portal:Current events\" day pages.",
        "",
        "- Credit: Wikipedia contributors, Portal:Current events (each page links to its day page).",
        f"- Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0), {LICENCE_URL}",
        "- Changes: the first sentence of each item is used as its title; the linked Wikipedia article titles are",
        "  used as keywords. That text stays under CC BY-SA 4.0.",
        "",
        f"Day pages used ({len(days)}):",
        "",
    ]
    lines += [f"- {d}" for d in days]
    lines += [
        "",
        "## Sample pages",
        "",
        "The five featured articles are sample news pages from human-rights and civil-society websites, as saved",
        "in the project's corpus. The script removes their page chrome (menus, link lists, comment boxes, spam)",
        "and gives them the titles below. The corpus does not record their original addresses or licences.",
        "",
    ]
    lines += [f"- `articles/{a['id']}.html`: {a['title']} ({a['date']})" for a in seeds]
    lines += [
        "",
        "## Everything else",
        "",
        "The site layout, `site.css`, the topic labels and the seed pages' keywords are part of the related-news",
        "project and under its licence (MIT OR Apache-2.0).",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=os.path.join(repo, "..", "shared", "corpus"),
                        help="corpus folder (default: ../shared/corpus from the repository root)")
    parser.add_argument("--out", default=os.path.join(repo, "www"), help="output folder (default: www/)")
    args = parser.parse_args(argv)

    items = load_items(args.corpus)
    categories = sorted({i["category"] for i in items})
    unknown = [c for c in categories if c not in CATEGORY_LABELS]
    if unknown:
        sys.exit(f"no labels for categories: {unknown}")

    seeds = load_seeds(args.corpus)
    picked, n_stories = choose_stories(items)
    articles = seeds + [wiki_article(i) for i in picked]
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)), "duplicate article ids"
    articles.sort(key=lambda a: a["id"])
    articles.sort(key=lambda a: a["date"], reverse=True)

    out = args.out
    art_dir = os.path.join(out, "articles")
    os.makedirs(art_dir, exist_ok=True)
    wanted = {f"{a['id']}.html" for a in articles}
    for name in sorted(os.listdir(art_dir)):  # pages left over from an earlier run
        if name.endswith(".html") and name not in wanted:
            os.remove(os.path.join(art_dir, name))
    page_bytes = 0
    for a in articles:
        text = article_page(a)
        page_bytes += len(text.encode("utf-8"))
        write(os.path.join(art_dir, f"{a['id']}.html"), text)
    write(os.path.join(out, "index.html"), index_page(articles))
    write(os.path.join(out, "site.css"), SITE_CSS)
    write(os.path.join(out, PRIVACY_PATH.lstrip("/")), privacy_page())
    # The manifest itself is built from these pages by `related-news build` (make demo); this writes its config.
    config = build_config(articles, categories)
    write(os.path.join(out, "site.config.json"), json.dumps(config, ensure_ascii=False, indent=1) + "\n")
    write(os.path.join(out, "CREDITS.md"), credits_md(articles))

    n_wiki = sum(1 for a in articles if a["kind"] == "wiki")
    print(f"corpus: {os.path.normpath(args.corpus)}")
    print(f"pages written: {len(articles)} articles ({len(seeds)} seed, {n_wiki} Wikipedia items from "
          f"{n_stories} stories) + index.html; article pages {page_bytes:,} bytes")
    print(f"site.config.json: {len(config['topics'])} topics, {len(config['pinned'])} pinned lists")
    print(f"output: {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
