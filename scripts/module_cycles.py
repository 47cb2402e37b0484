#!/usr/bin/env python3
"""Fails when a module of the crate uses another that uses it back, directly or through others.

It reads the crate's sources the way a person would: the module tree from `mod name;` declarations under
src/lib.rs, and each module's `use` statements and inline paths (`crate::a::b`, `super::x`, a child module's name,
or a name a `use` brought in). An edge A -> B means code of module A names an item of module B; a parent that only
declares a child does not use it. Test modules (`#[cfg(test)] mod tests { ... }`) are left out: nothing uses them,
so they cannot close a cycle. Cycles are found as strongly connected components and printed with one path each.

With `--cargo-modules DOT`, it checks the graph that `cargo modules dependencies --lib --no-externs --no-sysroot
--layout none` printed instead (rust-analyzer's own reading of the crate): that graph links items, so each "uses"
edge is lifted to the modules that hold its two ends. Its `--acyclic` flag cannot serve here, because it also counts
a type and its own methods as a cycle.

Usage: scripts/module_cycles.py [SRC_DIR] [--graph] [--cargo-modules DOT]   (exit 1 when there is a cycle)
"""
import re
import sys
from pathlib import Path

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
MOD_DECL = re.compile(r"^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*;", re.M)
TEST_MOD = re.compile(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+" + IDENT + r"\s*\{")
USE_STMT = re.compile(r"\buse\s+([^;]+);")
INLINE_PATH = re.compile(r"(?<![A-Za-z0-9_:])(" + IDENT + r")((?:::" + IDENT + r")+)")


def strip_comments_and_strings(code):
    """Blanks out comments, string and char literals so that paths inside them are not read as code."""
    out = []
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if code.startswith("//", i):
            j = code.find("\n", i)
            i = n if j < 0 else j
        elif code.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if code.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif code.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif re.match(r'b?r#*"', code[i:i + 12]) and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', code[i:])
            end = code.find('"' + m.group(1), i + len(m.group(0)))
            i = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""')
        elif c == '"' or (c == "b" and code.startswith('b"', i)):
            i += 2 if c == "b" else 1
            while i < n and code[i] != '"':
                i += 2 if code[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", code[i:]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", code[i:])
            i += len(m.group(0))
            out.append("' '")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def without_tests(code):
    """Cuts `#[cfg(test)] mod name { ... }` blocks out (brace-matched on code already free of strings)."""
    while True:
        m = TEST_MOD.search(code)
        if not m:
            return code
        depth, i = 1, m.end()
        while i < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            i += 1
        code = code[: m.start()] + code[i:]


def expand_use_tree(tree):
    """`a::{b, c::{d@e}, self}` (with `as` written `@`) -> [("a::b", "b"), ("a::c::d", "e"), ("a", "a")]."""
    tree = re.sub(r"\s+", "", tree)
    results = []

    def walk(prefix, text):
        depth, start, parts = 0, 0, []
        for k, ch in enumerate(text):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(text[start:k])
                start = k + 1
        parts.append(text[start:])
        for part in filter(None, parts):
            brace = part.find("{")
            if brace >= 0 and part.endswith("}"):
                walk(prefix + part[:brace], part[brace + 1 : -1])
                continue
            path, _, alias = (prefix + part).partition("@")
            if path.endswith("::self"):
                path = path[: -len("::self")]
            path = path.rstrip(":")
            results.append((path, alias or path.split("::")[-1]))

    walk("", tree)
    return results


def expand_use(statement):
    # `as` is marked before white space is dropped, so "a::b as c" stays apart from a name such as "bas".
    return expand_use_tree(re.sub(r"\s+as\s+", "@", statement.strip()))


class Crate:
    def __init__(self, src):
        self.src = Path(src)
        self.files = {}  # module path (tuple) -> file
        self.children = {}  # module path -> set of child names
        self.load(("crate",), self.src / "lib.rs")

    def load(self, module, path):
        self.files[module] = path
        code = strip_comments_and_strings(path.read_text(encoding="utf-8"))
        self.children[module] = set()
        folder = path.parent if path.name in ("lib.rs", "mod.rs") else path.parent / path.stem
        for name in MOD_DECL.findall(code):
            child = module + (name,)
            for candidate in (folder / f"{name}.rs", folder / name / "mod.rs"):
                if candidate.exists():
                    self.children[module].add(name)
                    self.load(child, candidate)
                    break

    def resolve(self, module, segments):
        """Absolute module path that a path names, or None for other crates and std."""
        head, rest = segments[0], segments[1:]
        if head == "crate":
            base = ("crate",)
        elif head == "self":
            base = module
        elif head == "super":
            base = module[:-1]
            while rest and rest[0] == "super":
                base, rest = base[:-1], rest[1:]
        elif head in self.children.get(module, ()):
            base, rest = module + (head,), rest
        else:
            return None
        full = base + tuple(rest)
        for cut in range(len(full), 0, -1):
            if full[:cut] in self.files:
                return full[:cut]
        return None

    def edges(self):
        graph = {m: set() for m in self.files}
        for module, path in self.files.items():
            code = without_tests(strip_comments_and_strings(path.read_text(encoding="utf-8")))
            aliases = {}
            for statement in USE_STMT.findall(code):
                for full, alias in expand_use(statement):
                    segments = full.split("::")
                    if segments[-1] == "*":
                        segments = segments[:-1]
                    target = self.resolve(module, segments)
                    if target is not None:
                        graph[module].add(target)
                        aliases[alias] = segments
            body = USE_STMT.sub(" ", code)
            for head, tail in INLINE_PATH.findall(body):
                segments = [head] + tail.strip(":").split("::")
                if head in aliases and head not in ("crate", "self", "super"):
                    segments = aliases[head] + segments[1:]
                target = self.resolve(module, segments)
                if target is not None:
                    graph[module].add(target)
        for module in graph:
            graph[module].discard(module)
        return graph


def strongly_connected(graph):
    index, low, on_stack, stack, components, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            components.append(component)

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [c for c in components if len(c) > 1]


def cycle_path(graph, component):
    """One concrete cycle through the component, for the message."""
    members = set(component)
    start = min(component)
    path, seen = [start], {start}
    node = start
    while True:
        nxt = sorted(w for w in graph[node] if w in members)
        back = [w for w in nxt if w == start]
        if back and len(path) > 1:
            return path + [start]
        fresh = [w for w in nxt if w not in seen]
        if not fresh:
            return path + [start]
        node = fresh[0]
        path.append(node)
        seen.add(node)


def name(module):
    return "::".join(module)


def graph_from_cargo_modules(dot_path, known_modules):
    """Module-level uses graph from cargo-modules' item graph; module paths as tuples starting with "crate".

    cargo-modules 0.27 leaves out the nodes of modules declared under a `#[cfg]` (it still lists their items), so
    the module tree read from the sources (`known_modules`) is added to the module nodes it printed."""
    text = Path(dot_path).read_text(encoding="utf-8")
    node = re.compile(r'^\s*"([^"]+)" \[label="[^|"]*\|[^"]*"[^\]]*\]; // "(\w+)" node', re.M)
    edge = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[label="uses"', re.M)
    def as_path(name):
        return ("crate",) + tuple(name.split("::")[1:])
    modules = {as_path(n) for n, kind in node.findall(text) if kind in ("mod", "crate")} | set(known_modules)
    def owner(name):
        path = as_path(name)
        while path not in modules and len(path) > 1:
            path = path[:-1]
        return path
    graph = {m: set() for m in modules}
    seen = {owner(n) for n, _ in node.findall(text)}
    graph = {m: targets for m, targets in graph.items() if m in seen}
    for a, b in edge.findall(text):
        source, target = owner(a), owner(b)
        if source != target and "tests" not in source:
            graph.setdefault(source, set()).add(target)
    return graph


def main(argv):
    src = next((a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--cargo-modules")), "src")
    if "--cargo-modules" in argv:
        graph = graph_from_cargo_modules(argv[argv.index("--cargo-modules") + 1], Crate(src).files)
    else:
        graph = Crate(src).edges()
    if "--graph" in argv:
        for module in sorted(graph):
            print(f"{name(module)} -> {', '.join(name(t) for t in sorted(graph[module])) or '(nothing)'}")
    cycles = strongly_connected(graph)
    edge_count = sum(len(t) for t in graph.values())
    if cycles:
        for component in cycles:
            print("module cycle: " + " -> ".join(name(m) for m in cycle_path(graph, component)))
        print(f"{len(cycles)} cycle(s) among {len(graph)} modules and {edge_count} uses")
        return 1
    print(f"no module cycles: {len(graph)} modules, {edge_count} uses")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
