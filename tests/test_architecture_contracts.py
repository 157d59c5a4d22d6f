"""Layer contracts of the code (docs/ARCHITECTURE.md “分层约定”), checked on every import.

Every ``import`` and ``from … import`` in app/, ui/ and main.py counts — at module level, in a
function (a lazy import) or under ``TYPE_CHECKING`` — so a dependency cannot hide in a function
body. The contracts:

* layers: a package imports only packages of a lower layer (or itself);
* ``app.bench`` is imported only by ``app.cli``, main.py and the client's benchmark cases;
* no import cycle between modules (``TYPE_CHECKING`` imports are not run, so they do not count)
  except the registries listed in ``KNOWN_CYCLES``;
* no private name (``_name``) imported from another module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Top to bottom. A package may import packages of a LOWER layer only (and itself). Packages of
# one layer are independent of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("main",),
    ("ui",),
    ("app.cli",),
    ("app.bench",),  # the benchmarks import the features; only the CLI imports them
    ("app.demo",),  # the demo generator writes through the services
    ("app.exchange",),  # Excel in and out: record kinds, standard tables, the score table
    ("app.reports",),  # figures, drafts, the member dossier
    ("app.scoring",),  # 履职考核: its rules and adjustments are services of their own
    ("app.services",),
    ("app.models",),
    ("app.db",),
    ("app.domain",),  # labels, field specs, enums; what a field means (privacy, identity)
    ("app.text",),  # Chinese text: ID numbers, phones, numerals, pinyin, strokes
    ("app.fileio", "app.logs"),  # atomic file writes, the log file: they need the folders
    ("app.config", "app.paths"),
    ("app", "app.errors"),  # the program's name and version; the errors every layer raises
)
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}

# The only modules outside app.cli and main.py that may import app.bench: the client's own
# benchmark modules (app never imports Qt): page cases, start-up and its child process.
BENCH_IMPORTERS = {"ui.bench_cases", "ui.bench_startup", "ui.bench_child"}

# Import edges that break the layering on purpose, each with its reason. Keep this short.
ALLOWED: dict[tuple[str, str], str] = {
    ("app.db.migrate", "app.models"):
        "the schema check compares the database with the models' metadata",
    ("app.db.migrations.env", "app.models"):
        "alembic's environment autogenerates the initial revision from the models",
}

# Module cycles that exist on purpose or are waiting for a fix; the list may only shrink.
KNOWN_CYCLES: dict[tuple[str, ...], str] = {
    ("app.bench.dossier", "app.bench.exchange", "app.bench.harness", "app.bench.reports",
     "app.bench.scoring", "app.bench.stats"):
        "registry: the harness imports the case modules, which register with it",
    ("app.reports.defs_activities", "app.reports.defs_breakdowns",
     "app.reports.defs_event_passes", "app.reports.defs_events", "app.reports.defs_handling",
     "app.reports.defs_members", "app.reports.defs_opinions", "app.reports.defs_outcomes",
     "app.reports.defs_passes", "app.reports.defs_platforms", "app.reports.defs_proposals",
     "app.reports.defs_publicity", "app.reports.defs_scoring", "app.reports.defs_subjects",
     "app.reports.defs_todo", "app.reports.figures", "app.reports.member_figures"):
        "registry: figures imports defs_*, which register with figures",
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (``from m import n``: ``m.n`` when that is a module)
    names: tuple[str, ...]  # the names of a ``from`` import
    line: int
    typing_only: bool  # under ``if TYPE_CHECKING:``
    path: str


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> Iterator[Path]:
    yield ROOT / "main.py"
    for top in ("app", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations/versions" not in path.as_posix():
                yield path


@cache
def modules() -> frozenset[str]:
    return frozenset(module_name(p) for p in source_files())


def _typing_blocks(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for stmt in node.body:
                inside.update(id(n) for n in ast.walk(stmt))
    return inside


@cache
def imports() -> tuple[Import, ...]:
    out: list[Import] = []
    known = modules()
    for path in source_files():
        name = module_name(path)
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        typing_only = _typing_blocks(tree)
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in ("app", "ui"):
                        out.append(Import(name, alias.name, (), node.lineno,
                                          id(node) in typing_only, rel))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                if target.split(".")[0] not in ("app", "ui"):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    out.append(Import(name, sub if sub in known else target,
                                      (alias.name,), node.lineno, id(node) in typing_only, rel))
    return tuple(out)


def package_of(module: str) -> str:
    """The layer package a module belongs to: its longest prefix in RANK."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in RANK:
            return prefix
    raise AssertionError(f"module {module} is in no layer of LAYERS")


def test_every_module_has_a_layer() -> None:
    for module in modules():
        package_of(module)


def test_packages_import_only_lower_layers() -> None:
    offenders = []
    for imp in imports():
        src, dst = package_of(imp.source), package_of(imp.target)
        if src == dst or RANK[dst] > RANK[src]:
            continue
        if any(imp.source.startswith(a) and imp.target.startswith(b) for a, b in ALLOWED):
            continue
        offenders.append(f"{imp.path}:{imp.line}: {imp.source} ({src}) imports {imp.target} "
                         f"({dst}), a package of the same or a higher layer")
    assert offenders == []


def test_only_the_cli_imports_the_benchmarks() -> None:
    offenders = [f"{i.path}:{i.line}: {i.source} imports {i.target}" for i in imports()
                 if package_of(i.target) == "app.bench"
                 and package_of(i.source) not in ("app.bench", "app.cli", "main")
                 and i.source not in BENCH_IMPORTERS]
    assert offenders == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(out)


def test_find_cycles_finds_a_loop_and_only_loops() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    for imp in imports():
        if imp.typing_only or imp.source == imp.target:
            continue
        graph.setdefault(imp.source, set()).add(imp.target)
    cycles = find_cycles(graph)
    # a known cycle that grew is a new cycle; one that is gone must leave the list
    assert [c for c in cycles if tuple(c) not in KNOWN_CYCLES] == []
    assert [c for c in KNOWN_CYCLES if list(c) not in cycles] == []


def test_no_private_name_is_imported_from_another_module() -> None:
    offenders = [f"{i.path}:{i.line}: {i.source} imports {i.names[0]} from {i.target}"
                 for i in imports() if i.names and i.names[0].startswith("_")
                 and not i.names[0].startswith("__")]
    assert offenders == []


def test_no_private_attribute_of_another_module_or_its_classes() -> None:
    """``module._name`` or ``Class._name`` where the module or class was imported."""
    offenders = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
                    "app", "ui"):
                imported.update(a.asname or a.name for a in node.names)
            elif isinstance(node, ast.Import):
                imported.update(a.asname or a.name.split(".")[0] for a in node.names
                                if a.name.split(".")[0] in ("app", "ui"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in imported and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: "
                                 f"{node.value.id}.{node.attr}")
    assert offenders == []
