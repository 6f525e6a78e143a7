"""sellerdesk: self-hosted order and inventory management for small Amazon sellers.

The one console script. `sellerdesk <command>` runs a Django management command with
sellerdesk's settings, so every command lives in an app's management/commands/ and its
class docstring is its help text.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import textwrap
from pathlib import Path

SETTINGS_MODULE = "sellerdesk.config.settings"
PACKAGE_DIR = Path(__file__).resolve().parent

# Django's commands a seller is likely to need, listed in the help next to sellerdesk's own.
# Every other Django command still runs; it is just not advertised. name -> app directory.
DJANGO_COMMANDS = {
    "changepassword": "contrib/auth",
    "check": "core",
    "collectstatic": "contrib/staticfiles",
    "dbshell": "core",
    "makemigrations": "core",
    "migrate": "core",
    "shell": "core",
}

HELP_WORDS = {"-h", "--help", "help"}
VERSION_WORDS = {"--version", "version"}


# A shell's status for a tool stopped by SIGPIPE (128 + 13), as `yes | head` reports.
CLOSED_PIPE_STATUS = 141


def main(argv: list[str] | None = None) -> int:
    """Run `sellerdesk <command> [options]`; returns the exit status."""
    try:
        try:
            return _main(sys.argv[1:] if argv is None else list(argv))
        finally:
            # A closed pipe shows here (even on the way out of a sys.exit), not in the
            # interpreter's last flush, which could only print "Exception ignored".
            sys.stdout.flush()
    except BrokenPipeError:
        # `sellerdesk orders | head`: the reader has what it wanted, so stop quietly. Output
        # still buffered goes to /dev/null, or the interpreter's final flush would complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return CLOSED_PIPE_STATUS


def _main(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)

    if not args or (args[0] in HELP_WORDS and len(args) == 1):
        print(main_help())
        return 0
    if args[0] in HELP_WORDS:  # `sellerdesk help serve` is `sellerdesk serve --help`
        args = [args[1], "--help"]
    if args[0] in VERSION_WORDS:
        print(version())
        return 0
    if args[0].startswith("-"):
        print(f"sellerdesk: unknown option {args[0]!r}.", file=sys.stderr)
        print("Run 'sellerdesk --help' for the list of commands.", file=sys.stderr)
        return 2
    return _run_management_command(args)


def main_help() -> str:
    """The top-level help: what sellerdesk is and its commands, each with its summary.

    Read from the commands' source files rather than by importing them: `--help` then
    needs no Django setup, and answers in well under 100 ms instead of about 400.
    """
    description = (__doc__ or "").strip().split("\n\n")[0]
    own = {name: _command_summary(path) for name, path in sellerdesk_command_files().items()}
    django_dir = _django_dir()
    django = {
        name: _command_summary(django_dir / app / "management" / "commands" / f"{name}.py")
        for name, app in DJANGO_COMMANDS.items()
    }
    width = max(map(len, [*own, *django])) + 4

    def listing(commands: dict[str, str]) -> list[str]:
        return [
            textwrap.fill(
                summary,
                width=79,
                initial_indent=f"  {name:<{width - 2}}",
                subsequent_indent=" " * width,
            )
            for name, summary in sorted(commands.items())
        ]

    lines = [
        description,
        "",
        "Usage: sellerdesk <command> [options]",
        "       sellerdesk <command> --help    the command's options",
        "",
        "sellerdesk commands:",
        *listing(own),
        "",
        "Django commands:",
        *listing(django),
        "",
        "Any other Django management command runs too. Settings come from environment",
        "variables (DATABASE_URL, SELLERDESK_DATA_DIR, ...): see the README.",
    ]
    return "\n".join(lines)


def version() -> str:
    from importlib.metadata import version as distribution_version

    import django

    return (
        f"sellerdesk {distribution_version('sellerdesk')} "
        f"(Django {django.get_version()}, Python {sys.version.split()[0]})"
    )


def sellerdesk_command_files() -> dict[str, Path]:
    """Command name -> module file, for every management command in sellerdesk's packages."""
    return {
        path.stem: path
        for path in sorted(PACKAGE_DIR.glob("**/management/commands/*.py"))
        if not path.name.startswith("_")
    }


def _command_summary(path: Path) -> str:
    """A command's one-line summary, read with `ast` from the source of its `Command` class.

    sellerdesk's commands say `help = __doc__`: the first line of the docstring. Django's
    give `help` a string, one long line: its first sentence.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return ""
    command = next(
        (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Command"), None
    )
    if command is None:
        return ""
    for statement in command.body:
        if (
            isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "help" for t in statement.targets)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            return statement.value.value.strip().split(". ")[0].rstrip(".") + "."
    docstring = ast.get_docstring(command) or ""
    return docstring.strip().split("\n")[0]


def _django_dir() -> Path:
    spec = importlib.util.find_spec("django")  # locates the package without importing it
    if spec is None or spec.origin is None:
        raise RuntimeError("Django is not installed")
    return Path(spec.origin).parent


def _run_management_command(args: list[str]) -> int:
    from django.conf import settings
    from django.core.management import ManagementUtility, get_commands

    class Utility(ManagementUtility):
        # Django's own "Unknown command" exits 1 and talks about manage.py; a usage error is 2.
        def fetch_command(self, subcommand):
            if subcommand not in get_commands():
                settings.INSTALLED_APPS  # noqa: B018 - settings that fail to load say why here
                sys.stderr.write(unknown_command_message(subcommand, sorted(get_commands())))
                sys.exit(2)
            return super().fetch_command(subcommand)

    Utility(["sellerdesk", *args]).execute()
    return 0


def unknown_command_message(name: str, known: list[str]) -> str:
    import difflib

    advertised = [*sellerdesk_command_files(), *DJANGO_COMMANDS]
    close = difflib.get_close_matches(name, advertised, n=1) or difflib.get_close_matches(
        name, known, n=1
    )
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return (
        f"sellerdesk: unknown command {name!r}.{hint}\n"
        "Run 'sellerdesk --help' for the list of commands.\n"
    )
