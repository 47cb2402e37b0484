# related-news: `make demo` builds and serves the demo site; `make test` runs every test. Both install what is
# missing first (scripts/setup.sh), so they work on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

HOST ?= 127.0.0.1
PORT ?= 8080
WASM_PACK_FLAGS := --target web --out-dir pkg --out-name related_news
# The wasm is tuned for size: readers download it. The native CLI keeps the release profile's speed.
WASM_PROFILE := CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
# wasm-opt's passes and the wasm features it may use: those of Cargo.toml's wasm-pack profile (make size reruns it).
WASM_OPT_FLAGS := -Oz --low-memory-unused --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals

.PHONY: setup cli manifest dist demo test lint test-native test-wasm test-e2e www-dist bench bench-web size size-check clean

setup:
	@scripts/setup.sh

## pkg/: the npm package `related-news` (wasm-pack's output plus the module API, scripts/package_pkg.mjs).
## dist/: the drop-in widget: the loader bundled with the API and the wasm-bindgen glue into one file, and the wasm.
## The subscription and reader modules are built first, so the main build is the one left in target/ (make size
## reads it). esbuild splits each module's glue into a file of its own, which the loader imports only when needed.
SUBSCRIBE_PKG := target/subscribe-pkg
READER_PKG := target/reader-pkg
PANEL_FILES := dist/related-news.js dist/related_news_bg.wasm
SUBSCRIBE_FILES := dist/related_news_subscribe.js dist/related_news_subscribe_bg.wasm
READER_FILES := dist/related_news_reader.js dist/related_news_reader_bg.wasm
DIST_FILES := related-news.js related_news_bg.wasm related_news_reader.js related_news_reader_bg.wasm related_news_subscribe.js related_news_subscribe_bg.wasm
dist: setup
	$(WASM_PROFILE) wasm-pack build --release --target web --out-dir $(SUBSCRIBE_PKG) --out-name related_news_subscribe --no-pack -- --features subscribe-panel
	$(WASM_PROFILE) wasm-pack build --release --target web --out-dir $(READER_PKG) --out-name related_news_reader --no-pack -- --features json-reader
	$(WASM_PROFILE) wasm-pack build --release $(WASM_PACK_FLAGS)
	cp $(SUBSCRIBE_PKG)/related_news_subscribe.js $(SUBSCRIBE_PKG)/related_news_subscribe.d.ts $(SUBSCRIBE_PKG)/related_news_subscribe_bg.wasm pkg/
	cp $(READER_PKG)/related_news_reader.js $(READER_PKG)/related_news_reader.d.ts $(READER_PKG)/related_news_reader_bg.wasm pkg/
	node scripts/package_pkg.mjs
	rm -rf dist && mkdir -p dist
	esbuild pkg/related-news.js --bundle --splitting --format=esm --minify --target=es2020 --log-level=warning --outdir=dist --entry-names=[name] --chunk-names=[name]
	cp pkg/related_news_bg.wasm pkg/related_news_subscribe_bg.wasm pkg/related_news_reader_bg.wasm dist/
	@# Exactly these six files: code the glues came to share would be split into a chunk nobody carries.
	@test "$$(ls dist | tr '\n' ' ')" = "$(DIST_FILES) " \
	  || { echo "dist/ holds $$(ls dist | tr '\n' ' '), not the six files the CLI, pkg/ and the size budgets know"; exit 1; }
	@echo "dist/: $$(cat dist/* | wc -c) bytes, $$(cat dist/* | gzip -9 | wc -c) bytes gzipped; what a page loads for its related articles: $$(cat $(PANEL_FILES) | gzip -9 | wc -c) gzipped (wasm alone: $$(gzip -9 < dist/related_news_bg.wasm | wc -c)); the subscription module, loaded when shown: $$(cat $(SUBSCRIBE_FILES) | gzip -9 | wc -c) gzipped; the reader module, loaded for a manifest, a feed or a page the index does not hold: $$(cat $(READER_FILES) | gzip -9 | wc -c) gzipped"

CLI := target/release/related-news

## The native command line tool, carrying the widget's files (dist/) for `build --out-dir` (see build.rs).
cli: dist
	RELATED_NEWS_WIDGET_DIR=$(CURDIR)/dist cargo build --release --bin related-news

## The demo's manifest, built by the CLI from the demo's own pages and its config (topics, labels, pins).
manifest: cli
	$(CLI) build www/articles --config www/site.config.json --base-url / -o www/manifest.json

www-dist: dist manifest
	rm -rf www/dist && cp -r dist www/dist

## The demo through `related-news serve`: the site, and subscriptions stored in demo-data/ (e-mails in its outbox).
demo: www-dist
	mkdir -p demo-data
	$(CLI) serve --root www --manifest www/manifest.json --db demo-data/subscribers.sqlite --outbox demo-data/outbox --addr $(HOST):$(PORT)

test: setup lint test-native test-wasm test-e2e size-check

## clippy on both targets, and no module that uses another which uses it back (scripts/module_cycles.py).
lint:
	python3 scripts/module_cycles.py src
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --features subscribe-panel -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --features json-reader -- -D warnings

test-native:
	cargo test --all-targets

## The panel's browser tests, then the subscription module's (a build of its own, with its feature).
test-wasm: setup
	wasm-pack test --headless --chrome -- --test web
	wasm-pack test --headless --chrome -- --features subscribe-panel --test web_subscribe

test-e2e: www-dist
	node --test tests/e2e/

## Quality on every visible labelled set, by ../shared/eval/quality.py's protocol (precision@5 of the project next
## to Jaccard and TF-IDF over the full text, from one run; with sets derived from the corpus), the widget on a plain
## JSON Feed against a plain script, then build and related --all times and the manifest's
## size on the 10,612 current-events items. Needs ../shared.
bench: cli
	python3 scripts/bench_quality.py --cli $(CLI) --derived
	python3 scripts/bench_feed.py --cli $(CLI)
	python3 scripts/bench_serve.py --cli $(CLI)
	python3 scripts/evaluate.py --no-baseline --bin $(CLI)

## What a reader pays for the panel in headless Chromium (gzip on, medians of 6 loads): code size, bytes per view
## and time to the first related link, for the widget on a JSON Feed, on its --out-dir folder, and a plain script,
## at 1,000, 10,000 and 100,000 articles (scripts/bench_web.mjs). Needs ../shared.
bench-web: cli
	node scripts/bench_web.mjs --cli $(CLI)

## The code a page loads must not grow unnoticed: make test fails when what a page loads for its related articles
## (the loader and the panel's wasm, gzipped) passes PANEL_GZ_BUDGET, the subscription module (its glue and wasm,
## loaded only with a subscription panel) SUBSCRIBE_GZ_BUDGET, or the reader module (loaded only for an index that
## is a manifest or a JSON Feed, or for a page the index does not hold) READER_GZ_BUDGET. Readers download every
## byte: raise a budget only on purpose, and say why in the commit. History: 164,000 for everything in one module (162,104 when set),
## 168,000 for the widget's own JSON parser (+4.9 KB for 18 ms less from a record's arrival to its panel); then the
## subscription panel became a module of its own, loaded when shown, and the panel's event details and requests are
## built without serde's serializer (the panel's code 167,974 -> 144,406); then 145,000 for loading the module in two
## steps with a time limit, so a panel destroyed or a module stalled meanwhile cannot break the page (144,691); then
## 146,500 for the loader's early request of a small archive's record (+0.6 KB: 232 -> 212 ms to the first link at
## 1,000 articles) and for reading a feed or manifest and building its index a slice of articles at a time (+1.2 KB: the
## longest task on a 1,000-item JSON Feed from 200-350 ms to 50-80 ms) (146,149); then 154,000 for binary records
## (version 4 of the index: +7.4 KB for their reader beside the JSON one, which manifests and feeds still need, for
## 340 -> 297 ms to the first link at 1,000 articles and records 7% smaller gzipped; the JSON reader is the part to
## load only for a manifest or a feed) (153,749); then 134,000 once it was: the JSON manifest and feed reader became
## a module of its own (75,616 when set), an entry's update carries a binary record, and the entry is read from the
## browser's JSON.parse with no parser in the wasm (133,222); then 125,000 once the panel held no text analysis:
## the reader module works out a feed's term vectors and splits the words of a page the index does not hold, and
## the panel ranks only the vectors records carry (124,024; the reader module 75,204 -> 84,129, READER_GZ_BUDGET
## 76,500 -> 85,000); then 121,500 with Talc as the modules' allocator and wasm-opt's --low-memory-unused --converge
## (120,803; the subscription module 83,190, its budget 87,000 -> 84,000; the reader 81,617, its budget -> 82,500);
## then 117,500 once a record's variant forms were read without BTreeMap's collect and retain (which carried a
## second sort) and the form's rules moved into a stylesheet only the subscription module carries (116,713; the
## subscription module 83,452), kept for reading index version 5 (binary directory shards, records' title keys as
## hashes: +1.7 KB, with 1.0 KB of URL searches cut beside it, for 1.3-1.7 KB less per view in make bench-web; 117,354);
## then 115,500 once the panel fetched with the browser's fetch, not gloo-net's request builder (115,237 with index
## version 6's binary directory in the entry, read by the engine and the loader's early record request); then
## 116,000 for reading version 7's packed shard names (115,977: +0.7 KB, for 1.3 KB less per view at 10,000 articles
## and 3.9 KB less at 100,000 in what the entry and a shard cost); then 116,100 for the review's fixes (116,011: a
## clear error when fetch gives no Response, the loader's lookups in the engine's order); then 116,500 for URL keys
## encoded as browsers encode them (116,425), without which a site with Cyrillic addresses was not found by its
## canonical link or address; then 113,500 once the model's small maps (keyword forms, topic labels, the records an
## update names) were vectors sorted by key (src/sorted_map.rs) rather than BTreeMaps, whose tree code each key and
## value type brought into the wasm (113,165; the subscription module 83,470 -> 79,645, its budget -> 80,000; the
## reader 81,960 -> 77,004, its budget -> 77,500); then 111,000 once the index kept positions by id and by page
## key as u32 (the term ids' map type), the reader's check for repeated ids used that map too, a page's own words
## were summed with the sort the ranking uses rather than a map, and the fetch cache was a list (110,559; the reader
## 76,708); then 107,000 once the code the panel runs cut text with `get(..)` rather than indexing it, which took
## the standard library's report of a cut inside a character out of the wasm (106,615); then 102,500 once the
## panel's DOM was built by src/js/render.js (the view model handed over as a plain object) rather than through
## web-sys, its click listener and dates with it, and the panels' stylesheet moved there too (101,861: wasm 100,681 ->
## 94,573, the loader +1.4 KB; the subscription module, which no longer carries the panels' CSS, 79,597 -> 78,530);
## then 99,500 once the panel's other browser calls were made in src/js/browser.js (fetching an index file within
## its time-out and size cap, taking over the loader's early request; a turn for the browser; loading a module
## within a time limit; reading the host page) rather than through web-sys and closures (99,002: wasm 90,545);
## 98,494 once index.js started the panels (an IntersectionObserver for lazy ones) and the engine's mount() was
## synchronous; 98,531 once mount()'s options became [name, text] pairs in src/js/browser.js, which the
## subscription module is handed as they are (it read the options object again with a copy of the same code:
## 78,530 -> 78,265, its budget 79,000 -> 78,500); 98,355 once the view model's link kind, which nothing read any
## more, was gone; then 89,000 once the panel's flow was JS (src/js/panel.js) calling a synchronous engine, so the
## wasm runs no async tasks of its own (87,936: wasm 89,334 -> 76,825, 198 KB -> 168 KB raw); 86,972 once the engine
## took the page's base URL from the flow rather than asking for the window; 87,814 with records read a slice of
## articles at a time (+0.8 KB, for no task over 50 ms on a 1,000-item feed, where reading its record took 19-59 ms in
## one call); then 88,500; 87,901 once a page read under another host found its article by its path; 89,072 once an
## article that lends a query its terms is compared without them (+1.2 KB, for lists that a weak match no longer tops
## with its own terms lent back); then 89,500; then 87,500 once the widget mapped three-letter language codes with
## the browser's Intl.Locale rather than a table of its own (-1.0 KB) and read index versions 6 and 7 only, with no
## JSON directory reader (-0.8 KB) (87,243; the subscription module 78,118 -> 77,292, its budget -> 77,500; the
## reader 77,044 -> 76,052, its budget -> 76,500); the subscription module's 77,800 for the field reader's warning
## that names a count below 0, as it reads its queue with that reader (+0.3 KB: 77,607; the reader 76,285 with the stop
## words "new" in four more languages; the panel 87,347 with its listener for thumbnails that fail to load); then 88,000 for labels in Hebrew, Persian and Urdu (the right-to-left
## languages the panel lays out), a more-heading option, the placeholder's row height and a ready event when the engine
## cannot load (87,863: 99.3 KB a view at 1,000 articles); the subscription module's 78,500 for a submission asked for
## again while queued keeping its key (one e-mail, not two) and for announcing one sent later (78,412); the reader's
## 79,200 for a JSON Feed's topics from its most used tags, as a build makes them, so a site with no build step gets
## the subscription panel (+2.7 KB: 76,414 -> 79,152; its tags counted by sorting their uses, 0.5 KB more than a
## scan that grew with the square of a feed's tags: `check` of 8,000 items with 18,135 tags 0.12 -> 0.10 s, best of 6);
## the subscription module's 79,300 for its texts in German (+0.8 KB: 79,178), the panel's language a new-user trial's
## German city site had, whose form and e-mails were in English; then 79,700 for offering a reader the topics named in
## the reader's language on a site whose topics are each named in one (+0.5 KB: 79,673; trial 12's NGO site offered
## its English and Lithuanian categories side by side on every page; 79,800 once every topic's languages are probed
## and unlabelled topics left out of the test, as a review asked: 79,762); the reader's 79,300 for 16 more Azerbaijani
## function words (edir, verilib, bildirib...: keywords of trial 13's items; 79,207), which it shares with the builder
## so that a page's own words are split as its articles' were (trial 12's Lithuanian ones are the builder's only: in
## the reader they went with a task of over 50 ms on a 1,000-item feed, see docs/benchmarks.md); the panel's 88,200 for the
## language of a page that names none being its article's, else the site's (+0.2 KB: 88,153; an old CMS's Russian
## pages had English labels and dates in trial 13, where the README promised the site's language at least).
PANEL_GZ_BUDGET := 88200
SUBSCRIBE_GZ_BUDGET := 79800
READER_GZ_BUDGET := 79300
size-check: dist
	@check() { size=$$(cat $$2 | gzip -9 | wc -c); \
	  if [ "$$size" -gt "$$3" ]; then \
	    echo "$$1 is $$size bytes gzipped, over its budget of $$3 (in the Makefile); make size shows where the bytes are"; return 1; \
	  fi; \
	  echo "$$1: $$size bytes gzipped, within its budget of $$3"; }; \
	check "what a page loads for its related articles ($(PANEL_FILES))" "$(PANEL_FILES)" $(PANEL_GZ_BUDGET) && \
	check "the subscription module ($(SUBSCRIBE_FILES))" "$(SUBSCRIBE_FILES)" $(SUBSCRIBE_GZ_BUDGET) && \
	check "the reader module ($(READER_FILES))" "$(READER_FILES)" $(READER_GZ_BUDGET)

## Where the widget's code weight is: the wasm make dist built, with its function names kept this time
## (wasm-bindgen --keep-debug, wasm-opt -g), read by twiggy (installed here on first use) and grouped by module
## (scripts/size_report.py). Measure with this before cutting.
SIZE_DIR := target/size
size: dist
	command -v twiggy >/dev/null 2>&1 || cargo install twiggy --locked
	rm -rf $(SIZE_DIR) && mkdir -p $(SIZE_DIR)
	wasm-bindgen --keep-debug --target web --out-dir $(SIZE_DIR) target/wasm32-unknown-unknown/release/related_news.wasm
	wasm-opt $(WASM_OPT_FLAGS) -g --strip-dwarf $(SIZE_DIR)/related_news_bg.wasm -o $(SIZE_DIR)/named.wasm
	python3 scripts/size_report.py --named $(SIZE_DIR)/named.wasm --dist dist

clean:
	rm -rf dist pkg www/dist www/manifest.json target tests/e2e/output demo-data
