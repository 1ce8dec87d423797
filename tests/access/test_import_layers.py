"""No import cycle across apps, not even one hidden in a function-local import.

Every first-party import (at the top of a module or inside a function) is an edge; a
strongly connected group of modules from more than one app is a cycle that a local
import was dodging. Within one app (models and the roles read from them) it is allowed.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "access",
    "accounts",
    "attention",
    "chat",
    "cms",
    "config",
    "contributions",
    "coupling",
    "groups",
    "health",
    "notices",
    "notifications",
    "privacy",
    "reports",
    "sessions",
    "safety",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _graph() -> dict[str, set[str]]:
    paths = {
        _module_name(path): path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                while target and target not in paths:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
                    break
    return graph


def _cycles_across_apps(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, kept when they span two apps or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len({member.split(".")[0] for member in component}) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_across_apps():
    assert _cycles_across_apps(_graph()) == []


def test_the_search_finds_a_cycle():
    graph = {"groups.services": {"chat.services"}, "chat.services": {"groups.services"}}
    assert _cycles_across_apps(graph) == [["chat.services", "groups.services"]]
