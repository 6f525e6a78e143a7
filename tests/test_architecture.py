"""The house rules of conventions.md, checked so they stay true as the code grows."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sellerdesk"

# Each app may import only the apps listed for it (besides itself). Lower layers never
# reach up: inventory knows nothing of orders, and nothing but entry apps knows the web.
ALLOWED = {
    "core": set(),
    "config": {"core"},
    "channels": {"core"},
    "catalog": {"core", "channels"},
    "inventory": {"core", "channels", "catalog"},
    "orders": {"core", "channels", "catalog", "inventory"},
    "web": {"core", "channels", "catalog", "inventory", "orders"},
    "demo": {"core", "channels", "catalog", "inventory", "orders"},
}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def sellerdesk_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found.update(name for name in names if name.startswith("sellerdesk."))
    return found


def app_of(path: Path) -> str | None:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] if len(relative) > 1 else None


def test_every_app_has_a_declared_place_in_the_layers():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps <= set(ALLOWED), f"add {sorted(apps - set(ALLOWED))} to ALLOWED"


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_apps_import_only_the_layers_below_them(path):
    app = app_of(path)
    if app is None or "tests" in path.parts:
        return
    allowed = ALLOWED.get(app, set()) | {app}
    wrong = {name for name in sellerdesk_imports(path) if name.split(".")[1] not in allowed}
    assert not wrong, f"{app} must not import {sorted(wrong)}"


@pytest.mark.parametrize(
    "path", [p for p in modules() if p.name == "domain.py"], ids=lambda p: p.parent.name
)
def test_domain_modules_import_no_django(path):
    tree = ast.parse(path.read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [name for name in imported if name.startswith("django")]


def test_no_module_is_named_utils_or_helpers():
    assert not [p for p in PACKAGE.rglob("*.py") if p.stem in {"utils", "helpers"}]


def test_modules_stay_small():
    large = {
        str(p.relative_to(PACKAGE)): n
        for p in modules()
        if (n := len(p.read_text().splitlines())) > 400
    }
    assert not large, f"split these into packages with named parts: {large}"
