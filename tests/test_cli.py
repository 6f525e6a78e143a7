"""The `sellerdesk` console script, run as a seller runs it: in a subprocess, on a fresh install.

Subprocesses get their own data directory and SQLite database, whatever DATABASE_URL the
suite runs with; the tests of `createuser`'s rules run in-process on the suite's database.
"""

import inspect
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib.metadata import version
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command, get_commands, load_command_class

# The installed console script; `python -m sellerdesk` where the package is not installed.
SCRIPT = Path(sys.executable).with_name("sellerdesk")
SELLERDESK = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "sellerdesk"]
TIMEOUT = 60  # seconds; no subprocess may hang the suite
REQUIRED_COMMANDS = ["serve", "migrate", "createuser", "demo", "orders"]
STATIC_DIR = Path(__file__).resolve().parent.parent / "src" / "sellerdesk" / "static"


def sellerdesk_commands() -> dict[str, str]:
    """Management commands of sellerdesk's own apps, as Django's registry knows them."""
    return {name: app for name, app in get_commands().items() if app.startswith("sellerdesk.")}


def docstring_of(name: str) -> str:
    command = load_command_class(sellerdesk_commands()[name], name)
    return inspect.cleandoc(type(command).__doc__ or "")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def run(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SELLERDESK, *args],
        env=env,
        cwd=env["SELLERDESK_DATA_DIR"],
        stdin=subprocess.DEVNULL,  # never the developer's terminal
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        **kwargs,
    )


def fresh_install(directory: Path) -> dict[str, str]:
    """The environment of a new install: real settings, its own data directory and database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SELLERDESK_", "DJANGO_", "DATABASE_URL"))
    }
    data = directory / "data"
    data.mkdir()
    env["SELLERDESK_DATA_DIR"] = str(data)
    env["DATABASE_URL"] = f"sqlite:///{directory / 'sellerdesk.sqlite3'}"
    env["PYTHONWARNINGS"] = "error"  # as strict as the suite's filterwarnings
    return env


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return fresh_install(tmp_path)


@pytest.fixture(scope="module")
def migrated_env(tmp_path_factory) -> dict[str, str]:
    env = fresh_install(tmp_path_factory.mktemp("migrated"))
    result = run("migrate", "--no-input", env=env)
    assert result.returncode == 0, result.stderr
    return env


# -- help ----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["help"]], ids=repr)
def test_help_lists_every_sellerdesk_command_with_its_docstring_summary(env, args):
    result = run(*args, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sellerdesk: ")
    for name in sellerdesk_commands():
        summary = docstring_of(name).splitlines()[0]
        assert f" {name} {squeeze(summary)} " in squeeze(result.stdout), name


def test_help_lists_the_commands_a_seller_needs(env):
    listed = set(re.findall(r"^  (\w+) ", run("--help", env=env).stdout, re.MULTILINE))

    assert not set(REQUIRED_COMMANDS) - listed, f"missing: {set(REQUIRED_COMMANDS) - listed}"


def test_help_lists_only_commands_that_exist(env):
    output = run("--help", env=env).stdout
    own_section, django_section = output.split("sellerdesk commands:")[1].split("Django commands:")

    assert set(re.findall(r"^  (\w+) ", own_section, re.MULTILINE)) == set(sellerdesk_commands())
    django = set(re.findall(r"^  (\w+) ", django_section, re.MULTILINE))
    assert {"migrate", "check", "shell", "changepassword", "collectstatic"} <= django
    assert django <= set(get_commands())


@pytest.mark.parametrize("name", sorted(sellerdesk_commands()))
def test_each_commands_help_is_its_docstring(env, name):
    command = load_command_class(sellerdesk_commands()[name], name)
    docstring = docstring_of(name)
    assert docstring, f"{name} needs a class docstring: it is the command's help"
    assert squeeze(command.help) == squeeze(docstring), f"{name}: write `help = __doc__`"

    result = run(name, "--help", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: sellerdesk {name} ")
    assert squeeze(docstring) in squeeze(result.stdout)


def test_help_with_a_command_name_shows_that_commands_help(env):
    assert run("help", "serve", env=env).stdout == run("serve", "--help", env=env).stdout


@pytest.mark.parametrize(
    ("typed", "meant"), [("sevre", "serve"), ("createusr", "createuser"), ("migrat", "migrate")]
)
def test_an_unknown_command_exits_2_with_the_closest_match(env, typed, meant):
    result = run(typed, env=env)

    assert result.returncode == 2
    assert f"unknown command '{typed}'. Did you mean '{meant}'?" in result.stderr
    assert "sellerdesk --help" in result.stderr


def test_an_unknown_command_without_a_close_match_says_so(env):
    result = run("frobnicate", "--now", env=env)

    assert result.returncode == 2
    assert "unknown command 'frobnicate'." in result.stderr
    assert "Did you mean" not in result.stderr


def test_an_unknown_option_exits_2(env):
    result = run("--frobnicate", env=env)

    assert result.returncode == 2
    assert "unknown option '--frobnicate'" in result.stderr


def test_version_names_sellerdesk_and_django(env):
    result = run("--version", env=env)

    assert result.returncode == 0
    assert result.stdout.startswith(f"sellerdesk {version('sellerdesk')} (Django 5.2")


def test_python_dash_m_runs_the_same_script(env):
    result = subprocess.run(
        [sys.executable, "-m", "sellerdesk", "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )

    assert result.stdout == run("--version", env=env).stdout


# -- createuser ------------------------------------------------------------------------------


def createuser(*args: str) -> str:
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_createuser_creates_a_user_who_can_log_in(client):
    output = createuser("alice", "--email", "alice@example.com", "--password", "stack-of-rings")

    assert output == "Created user 'alice'.\n"
    alice = get_user_model().objects.get(username="alice")
    assert alice.check_password("stack-of-rings")
    assert alice.email == "alice@example.com"
    assert not alice.is_staff
    assert not alice.is_superuser
    assert client.login(username="alice", password="stack-of-rings")


@pytest.mark.django_db
def test_createuser_superuser_is_staff_too():
    createuser("boss", "--superuser", "--password", "stack-of-rings")

    boss = get_user_model().objects.get(username="boss")
    assert boss.is_superuser
    assert boss.is_staff


@pytest.mark.django_db
def test_createuser_if_missing_leaves_an_existing_user_alone():
    createuser("alice", "--password", "stack-of-rings")

    output = createuser("alice", "--password", "another-password", "--superuser", "--if-missing")

    assert output == "User 'alice' exists already; left unchanged.\n"
    alice = get_user_model().objects.get(username="alice")
    assert alice.check_password("stack-of-rings")
    assert not alice.is_superuser


@pytest.mark.django_db
def test_createuser_refuses_an_existing_username():
    createuser("alice", "--password", "stack-of-rings")

    with pytest.raises(CommandError, match=r"A user 'alice' exists already\. Add --if-missing"):
        createuser("alice", "--password", "another-password")

    assert get_user_model().objects.get(username="alice").check_password("stack-of-rings")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["alice", "--password", "short"], "Password refused: This password is too short"),
        (["alice", "--password", ""], "The password is empty"),
        (["al ice", "--password", "stack-of-rings"], "username: Enter a valid username"),
        (["alice", "--email", "alice", "--password", "stack-of-rings"], "email: Enter a valid"),
    ],
)
def test_createuser_refuses_bad_input_and_creates_nobody(args, message):
    with pytest.raises(CommandError, match=message):
        createuser(*args)

    assert not get_user_model().objects.exists()


def can_log_in(env: dict[str, str], username: str, password: str) -> bool:
    check = (
        "from django.contrib.auth import authenticate; "
        f"print(authenticate(username={username!r}, password={password!r}) is not None)"
    )
    result = run("shell", "--verbosity", "0", "--command", check, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


def test_createuser_takes_the_password_from_the_environment(migrated_env):
    result = run("createuser", "carol", env={**migrated_env, "SELLERDESK_PASSWORD": "pick-pack-go"})

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Created user 'carol'.\n"
    assert can_log_in(migrated_env, "carol", "pick-pack-go")
    assert not can_log_in(migrated_env, "carol", "wrong-password")


def test_createuser_without_a_password_or_a_terminal_says_how_to_give_one(migrated_env):
    result = run("createuser", "nopass", env=migrated_env)

    assert result.returncode == 1
    assert "No password: pass --password, set SELLERDESK_PASSWORD" in result.stderr
    assert not can_log_in(migrated_env, "nopass", "")


def read_until(fd: int, expected: str, deadline: float) -> str:
    seen = ""
    while expected not in seen:
        if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise AssertionError(f"waited in vain for {expected!r}; saw {seen!r}")
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # EIO: the process closed the terminal
            chunk = b""
        if not chunk:
            raise AssertionError(f"the terminal closed before {expected!r}; saw {seen!r}")
        seen += chunk.decode()
    return seen


def test_createuser_in_a_terminal_asks_for_the_password_twice(migrated_env):
    # A new session has no controlling terminal, so getpass uses the pty given as stdin.
    terminal, process_side = pty.openpty()
    process = subprocess.Popen(
        [*SELLERDESK, "createuser", "dave"],
        env=migrated_env,
        stdin=process_side,
        stdout=process_side,
        stderr=process_side,
        start_new_session=True,
    )
    os.close(process_side)
    deadline = time.monotonic() + TIMEOUT
    try:
        read_until(terminal, "Password: ", deadline)
        os.write(terminal, b"ship-it-today\n")
        read_until(terminal, "Password (again): ", deadline)
        os.write(terminal, b"ship-it-today\n")
        output = read_until(terminal, "Created user 'dave'.", deadline)
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(terminal)

    assert "ship-it-today" not in output  # not echoed
    assert can_log_in(migrated_env, "dave", "ship-it-today")


# -- serve -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def static_urls() -> list[str]:
    """htmx from django-htmx's app directory, and the first of sellerdesk's own, if any."""
    own = sorted(p for p in STATIC_DIR.rglob("*") if p.is_file())[:1]
    return ["/static/django_htmx/htmx-2.min.js"] + [
        f"/static/{p.relative_to(STATIC_DIR).as_posix()}" for p in own
    ]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_serve_answers_pages_and_static_files_and_stops_on_a_signal(migrated_env, tmp_path, stop):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(
            [*SELLERDESK, "serve", "--port", str(port)],
            env=migrated_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while server.poll() is None and time.monotonic() < deadline:
            try:
                login_status = get(f"{base}/login/")
                break
            except OSError:  # not listening yet
                time.sleep(0.1)
        else:
            raise AssertionError(f"serve never answered: {stderr.read_text()}")

        assert login_status == 200
        for url in static_urls():
            assert get(f"{base}{url}") == 200, url

        server.send_signal(stop)
        assert server.wait(timeout=TIMEOUT) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    assert stdout.read_text() == (
        f"sellerdesk is serving http://127.0.0.1:{port}/ (Ctrl+C to stop)\nsellerdesk stopped.\n"
    )
    assert "Traceback" not in stderr.read_text()
    with pytest.raises(urllib.error.URLError, match="Connection refused"):
        get(f"{base}/login/")


def test_serve_refuses_an_unmigrated_database(env):
    result = run("serve", "--port", str(free_port()), env=env)

    assert result.returncode == 1
    assert "unapplied migration(s). Run `sellerdesk migrate` first." in result.stderr
    assert "sellerdesk is serving" not in result.stdout


def test_serve_reads_its_port_from_the_environment(env):
    # SELLERDESK_PORT is read when the command's options are parsed: a bad one is refused there.
    result = run("serve", env={**env, "SELLERDESK_PORT": "99999"})

    assert result.returncode == 2
    assert "99999 is not a port number" in result.stderr
