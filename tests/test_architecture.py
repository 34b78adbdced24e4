"""The shape of the code, read from the source with `ast`: the domain never imports Streamlit,
its modules import one another without a cycle, every page app.py routes to exists, and so
does every path the README's Layout section names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLANNER = ROOT / "planner"


def planner_files() -> list[Path]:
    files = sorted(PLANNER.rglob("*.py"))
    assert files, f"no .py file under {PLANNER}"
    return files


def module_name(path: Path) -> str:
    """planner/optimize/optimizer.py -> planner.optimize.optimizer; a package's __init__.py is
    the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# --- planner/ never imports streamlit ---------------------------------------------------------


def streamlit_imports(tree: ast.Module) -> list[int]:
    """Lines of every import of streamlit, at any depth (in functions, under TYPE_CHECKING)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(name == "streamlit" or name.startswith("streamlit.") for name in names):
            lines.append(node.lineno)
    return lines


def test_streamlit_imports_are_found_at_any_depth() -> None:
    source = (
        "import os\nimport streamlit as st\nfrom streamlit.testing.v1 import AppTest\n"
        "def f():\n    import streamlit.components.v1\n"
        "if TYPE_CHECKING:\n    from streamlit import session_state\n"
        "import streamlit_extras\nfrom planner import streamlit_free\n"
    )
    assert streamlit_imports(ast.parse(source)) == [2, 3, 5, 7]


def test_planner_never_imports_streamlit() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in planner_files()
        for line in streamlit_imports(parse(path))
    ]
    assert found == [], f"planner/ imports streamlit at {', '.join(found)}"


# --- no import cycle among planner modules ----------------------------------------------------


def is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import that can run: at module level or inside functions and classes, but not in
    the body of an `if TYPE_CHECKING:` (its `else:` does run)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        if isinstance(node, ast.If) and is_type_checking(node.test):
            children: list[ast.AST] = [node.test, *node.orelse]
        else:
            children = list(ast.iter_child_nodes(node))
        for child in children:
            visit(child)

    visit(tree)
    return found


def imported_modules(
    node: ast.Import | ast.ImportFrom, importer: str, is_package: bool, modules: set[str]
) -> set[str]:
    """The planner modules an import statement of module `importer` names. In
    `from planner.x import y`, y is planner.x.y when that is a module, else a name in planner.x;
    relative imports are resolved against the importer's package."""
    if isinstance(node, ast.Import):
        named = {alias.name for alias in node.names}
    else:
        if node.level:
            package = importer.split(".")
            if not is_package:
                package.pop()
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        named = set()
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            named.add(submodule if submodule in modules else base)
    return {name for name in named if name in modules}


def import_graph(sources: dict[str, tuple[ast.Module, bool]]) -> dict[str, set[str]]:
    """Module -> the other modules of `sources` it imports (sources: name -> (tree, is it a
    package's __init__))."""
    modules = set(sources)
    graph = {}
    for name, (tree, is_package) in sources.items():
        targets: set[str] = set()
        for node in runtime_imports(tree):
            targets |= imported_modules(node, name, is_package, modules)
        graph[name] = targets - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (Tarjan),
    each as [a, b, ..., a], starting from its alphabetically first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            connect(node)

    found = []
    for component in components:
        start = min(component)
        # A shortest way back to start, inside the component (breadth first).
        previous: dict[str, str] = {}
        frontier = [start]
        while start not in previous:
            following = []
            for node in frontier:
                for target in sorted(graph[node] & component):
                    if target not in previous:
                        previous[target] = node
                        following.append(target)
            frontier = following
        path = [start]
        while path[-1] != start or len(path) == 1:
            path.append(previous[path[-1]])
        found.append(path[::-1])
    return sorted(found)


def sources_of(files: dict[str, str]) -> dict[str, tuple[ast.Module, bool]]:
    """In-memory modules for the graph's own tests: "pkg/__init__" names a package."""
    return {
        name.removesuffix("/__init__").replace("/", "."): (
            ast.parse(text),
            name.endswith("/__init__"),
        )
        for name, text in files.items()
    }


def test_the_import_graph_resolves_submodules_relative_imports_and_skips_type_checking() -> None:
    sources = sources_of(
        {
            "planner/__init__": "",
            "planner/calibration": "",
            "planner/brief": "from planner import calibration\n",
            "planner/opt/__init__": "from .solver import solve\n",
            "planner/opt/solver": (
                "from typing import TYPE_CHECKING\n"
                "from planner.opt import model\nfrom planner.brief import Brief\n"
                "if TYPE_CHECKING:\n    from planner.opt.diag import Why\n"
                "else:\n    import planner.rules\n"
            ),
            "planner/opt/model": "import numpy\nimport planner\n",
            "planner/opt/diag": "def why():\n    from . import solver\n    from ..rules import x\n",
            "planner/rules": "from planner.opt.model import Model as M\n",
        }
    )
    assert import_graph(sources) == {
        "planner": set(),
        "planner.calibration": set(),
        "planner.brief": {"planner.calibration"},
        "planner.opt": {"planner.opt.solver"},
        "planner.opt.solver": {"planner.opt.model", "planner.brief", "planner.rules"},
        "planner.opt.model": {"planner"},
        "planner.opt.diag": {"planner.opt.solver", "planner.rules"},
        "planner.rules": {"planner.opt.model"},
    }


def test_cycles_are_found_and_shown_as_a_path() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"], ["e", "f", "e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_planner_modules_import_each_other_without_a_cycle() -> None:
    sources = {
        module_name(path): (parse(path), path.name == "__init__.py") for path in planner_files()
    }
    graph = import_graph(sources)
    assert any(graph.values()), "no import between planner modules was found"
    found = [" -> ".join(cycle) for cycle in cycles(graph)]
    assert found == [], "import cycles among planner modules:\n" + "\n".join(found)


# --- every page app.py routes to exists -------------------------------------------------------


def page_paths(tree: ast.Module) -> list[str]:
    """The string paths given to st.Page(...), first argument or page=."""
    paths = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "st"
        ):
            continue
        given = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "page")]
        paths += [
            a.value for a in given if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
    return paths


def test_every_page_in_app_py_exists() -> None:
    pages = page_paths(parse(ROOT / "app.py"))
    assert pages, "app.py has no st.Page(...) with a path"
    missing = [page for page in pages if not (ROOT / page).is_file()]
    assert missing == [], f"app.py routes to pages that do not exist: {missing}"


# --- every path the README's Layout section names exists --------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
PATH = re.compile(r"^[\w.\-/]+$")
TREE_DRAWING = str.maketrans("│├└─┬┼", "      ")


def is_path(token: str) -> bool:
    """A folder (ends in /) or a file with a suffix of letters (app.py, calibration.md)."""
    return bool(PATH.match(token)) and (
        token.endswith("/") or re.search(r"\.[A-Za-z]+$", token) is not None
    )


def leading_paths(chunk: str) -> list[str]:
    """The path tokens a chunk starts with, up to the first token that is not a path."""
    paths = []
    for token in chunk.split(" "):
        if not is_path(token):
            break
        paths.append(token)
    return paths


def layout_block(readme: str) -> list[str]:
    """The lines of the first fenced code block after the heading `## Layout`, before the next
    heading of that level."""
    lines = readme.splitlines()
    assert "## Layout" in lines, "README.md has no '## Layout' heading"
    block: list[str] | None = None
    for line in lines[lines.index("## Layout") + 1 :]:
        if block is None:
            if line.startswith("## "):
                break
            if FENCE.match(line):
                block = []
        elif FENCE.match(line):
            return block
        else:
            block.append(line)
    raise AssertionError("README.md's Layout section has no closed fenced code block")


def layout_paths(block: list[str]) -> list[str]:
    """Every path the block names, relative to the repository root.

    A line starts (after indentation) with path tokens separated by single spaces, then two or
    more spaces and a description. An indented line's paths are relative to the nearest less
    indented folder line above it. For blocks laid out in columns (`app.py  router ...
    planner/  the domain`), a later two-space-separated chunk made only of path tokens names
    paths too, beside the line's first ones."""
    paths: list[str] = []
    folders: list[tuple[int, str]] = []  # (indentation, folder), innermost last
    for raw in block:
        line = raw.translate(TREE_DRAWING).rstrip()
        text = line.lstrip()
        if not text:
            continue
        indent = len(line) - len(text)
        chunks = re.split(r" {2,}", text)
        first = leading_paths(chunks[0])
        if not first:
            continue
        beside = [
            token
            for chunk in chunks[1:]
            if leading_paths(chunk) == chunk.split(" ")
            for token in chunk.split(" ")
        ]
        while folders and folders[-1][0] >= indent:
            folders.pop()
        parent = folders[-1][1] if folders else ""
        paths += [parent + token for token in first + beside]
        line_folders = [token for token in first if token.endswith("/")]
        if line_folders:
            folders.append((indent, parent + line_folders[-1]))
    return paths


def test_layout_paths_follow_indentation_and_stop_at_descriptions() -> None:
    block = [
        "app.py        router (st.navigation)      planner/   the domain; no streamlit",
        "planner/      the domain",
        "  brief.py forecast.py   what a campaign asks; expected results",
        "  roster/     the roster",
        "    schema.py ingest.py  columns and checks",
        "    sample    not a path, so the line names none",
        "  cli.py",
        "docs/calibration.md  where the numbers come from (see data/README.md)",
        "README.md e.g. this file",
        "├── views/    pages",
        "│   └── plan.py  the Plan page",
    ]
    assert layout_paths(block) == [
        "app.py",
        "planner/",
        "planner/",
        "planner/brief.py",
        "planner/forecast.py",
        "planner/roster/",
        "planner/roster/schema.py",
        "planner/roster/ingest.py",
        "planner/cli.py",
        "docs/calibration.md",
        "README.md",
        "views/",
        "views/plan.py",
    ]


def test_layout_block_is_the_fence_after_the_heading() -> None:
    readme = "# App\n\n```\nnot.py\n```\n\n## Layout\n\nThe tree:\n\n```text\napp.py  x\n```\n"
    assert layout_block(readme) == ["app.py  x"]
    with pytest.raises(AssertionError, match="no closed fenced"):
        layout_block("## Layout\n\nNo block.\n\n## Next\n\n```\napp.py\n```\n")


@pytest.fixture(scope="module")
def readme_paths() -> list[str]:
    return layout_paths(layout_block((ROOT / "README.md").read_text(encoding="utf-8")))


def test_every_path_in_the_readme_layout_exists(readme_paths: list[str]) -> None:
    missing = [path for path in readme_paths if not (ROOT / path).exists()]
    assert missing == [], f"README.md's Layout names paths that do not exist: {missing}"


def test_the_readme_layout_names_at_least_ten_paths(readme_paths: list[str]) -> None:
    assert len(readme_paths) >= 10, f"README.md's Layout names only {readme_paths}"
