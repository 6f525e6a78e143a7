"""The house rules of conventions.md, checked so they stay true as the code grows.

Layers, lowest first: core; channels' reference data (the sales channels and marketplaces
that catalog, inventory and orders point at); catalog; inventory; orders; fulfillment (the
shipping work on orders); returns (what comes back of shipped orders); messaging (what is said to buyers); metrics
(account health and sales counted); planning (restock and purchasing); workbook (the shop as
an Excel workbook and the seller's edits read back); then the channel
adapters (channels/ports.py and each channel's subpackage, such as channels/amazon/), which
turn a channel's data into calls to orders.services; then the entry apps, web and demo.
The console script (cli.py) reaches every command through Django's management only.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sellerdesk"

# Each layer may import only the layers listed for it (besides itself). Lower layers never
# reach up: inventory knows nothing of orders, and nothing but entry apps knows the web.
# The entry apps may use everything below them.
# Lowest first: each of these layers may import the ones before it.
STACKED = [
    "core", "channels", "catalog", "inventory", "orders", "fulfillment", "returns", "messaging",
    "metrics", "planning", "workbook",
]  # fmt: skip
BELOW_ENTRY_APPS = {*STACKED, "adapters"}
ALLOWED = {layer: set(STACKED[:place]) for place, layer in enumerate(STACKED)} | {
    "config": {"core"},
    # The channel adapters turn a channel's data into orders: nothing of planning's is theirs.
    "adapters": set(STACKED[: STACKED.index("planning")]),
    "web": BELOW_ENTRY_APPS,
    "demo": BELOW_ENTRY_APPS,
    "cli": set(),
    "__main__": {"cli"},
}
# The low part of channels: reference data that every app may point at. Any other module
# of channels (ports.py, a subpackage per channel) belongs to the adapters layer.
CHANNELS_REFERENCE = {"__init__", "apps", "migrations", "models", "reference", "selectors"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def sellerdesk_imports(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The sellerdesk modules `module` imports, relative imports resolved to absolute names."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                # `from x import y` names module x.y when y is one, else something inside x.
                name = f"{base}.{alias.name}"
                found.add(name if is_module(name) else base)
    return {name for name in found if name.startswith("sellerdesk.")}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[1] == "channels" and len(parts) > 2 and parts[2] not in CHANNELS_REFERENCE:
        return "adapters"
    return parts[1]


def test_every_app_and_top_level_module_has_a_declared_place_in_the_layers():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    scripts = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert apps | scripts <= set(ALLOWED), f"add {sorted(apps | scripts - set(ALLOWED))}"


def test_every_module_directly_in_channels_is_reference_data_or_the_ports():
    loose = {p.stem for p in (PACKAGE / "channels").glob("*.py")}
    assert loose <= CHANNELS_REFERENCE | {"ports"}, "put channel adapters in a subpackage"


def test_relative_imports_count_as_the_modules_they_name():
    source = (
        "from .models import Order\n"
        "from . import selectors\n"
        "from .. import core\n"
        "from ..inventory.services import Actor\n"
        "from sellerdesk.channels import models\n"
    )

    assert sellerdesk_imports(source, "sellerdesk.orders.listing") == {
        "sellerdesk.orders.models",
        "sellerdesk.orders.selectors",
        "sellerdesk.core",
        "sellerdesk.inventory.services",
        "sellerdesk.channels.models",
    }


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("sellerdesk.channels", "channels"),
        ("sellerdesk.channels.models", "channels"),
        ("sellerdesk.channels.ports", "adapters"),
        ("sellerdesk.channels.amazon.client", "adapters"),
        ("sellerdesk.orders.services", "orders"),
        ("sellerdesk.cli", "cli"),
    ],
)
def test_channel_adapters_form_their_own_layer_above_orders(module, layer):
    assert layer_of(module) == layer


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if "tests" not in p.parts and p != PACKAGE / "__init__.py"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_modules_import_only_the_layers_below_them(path):
    module = module_name(path)
    layer = layer_of(module)
    imported = sellerdesk_imports(path.read_text(), module, is_package=path.name == "__init__.py")

    wrong = {name for name in imported if layer_of(name) not in ALLOWED[layer] | {layer}}

    assert not wrong, f"{layer} must not import {sorted(wrong)}"


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if p.name == "domain.py" or p.parent.name == "domain"],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
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


def test_template_comments_of_one_line_syntax_stay_on_one_line():
    # Django prints a {# ... #} comment that runs over a line break as page text.
    templates = Path(__file__).resolve().parents[1] / "src" / "sellerdesk" / "templates"
    broken = [
        f"{path.relative_to(templates)}:{number}"
        for path in templates.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert not broken, f"use {{% comment %}} for comments of several lines: {broken}"
