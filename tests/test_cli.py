"""The `sellerdesk` console script, run as a seller runs it: in a subprocess, on a fresh install.

The tests of `createuser`'s rules run in-process on the suite's database; `serve` has its own
module, test_cli_serve.py.
"""

import inspect
import os
import pty
import re
import select
import subprocess
import sys
import time
from importlib.metadata import version
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command, get_commands, load_command_class

from .cli_harness import SELLERDESK, TIMEOUT, migrated_install, run

REQUIRED_COMMANDS = ["serve", "migrate", "createuser", "demo", "orders"]


def sellerdesk_commands() -> dict[str, str]:
    """Management commands of sellerdesk's own apps, as Django's registry knows them."""
    return {name: app for name, app in get_commands().items() if app.startswith("sellerdesk.")}


def docstring_of(name: str) -> str:
    command = load_command_class(sellerdesk_commands()[name], name)
    return inspect.cleandoc(type(command).__doc__ or "")


def squeeze(text: str) -> str:
    return " ".join(text.split())


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


# -- output into a pipe ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop_env(tmp_path_factory) -> dict[str, str]:
    env = migrated_install(tmp_path_factory.mktemp("shop"))
    result = run("demo", "--orders", "30", "--seed", "1", env=env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.mark.parametrize("args", [["orders"], ["orders", "--json"], ["--help"]], ids=" ".join)
def test_output_into_a_pipe_its_reader_closed_ends_quietly(shop_env, args):
    # As `sellerdesk orders | head` once head has its lines. The reader closes before the
    # command can write (its start-up alone takes longer), so every write meets a closed pipe.
    process = subprocess.Popen(
        [*SELLERDESK, *args],
        env=shop_env,
        cwd=shop_env["SELLERDESK_DATA_DIR"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    try:
        stderr = process.stderr.read()
        status = process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()

    assert stderr == b""
    assert status == 141  # what a shell reports for a tool stopped by a closed pipe


def test_import_runs_from_the_console_script_and_fails_with_status_1_on_a_bad_file(
    migrated_env, tmp_path
):
    good = tmp_path / "orders.txt"
    good.write_bytes(b"amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
                     b"fulfillment-channel\tsales-channel\tsku\titem-status\tquantity\tcurrency\n"
                     b"111-0000001-0000001\t2026-11-20T10:15:00+00:00\t2026-11-20T10:15:00+00:00\t"
                     b"Pending\tMerchant\tAmazon.com\tRING\tUnshipped\t1\tUSD\n")  # fmt: skip
    done = run("import", str(good), env=migrated_env)
    assert done.returncode == 0, done.stderr
    assert "new 1, updated 0, unchanged 0, skipped 0" in done.stdout
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"name\tprice\n")
    refused = run("import", str(bad), env=migrated_env)
    assert refused.returncode == 1
    assert "bad.txt, line 1: this is not an Amazon report sellerdesk can import" in refused.stderr
