"""Fixtures of the command-line tests: a fresh install, and one already migrated."""

import pytest

from .cli_harness import fresh_install, migrated_install


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return fresh_install(tmp_path)


@pytest.fixture(scope="module")
def migrated_env(tmp_path_factory) -> dict[str, str]:
    return migrated_install(tmp_path_factory.mktemp("migrated"))
