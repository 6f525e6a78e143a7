"""Settings read from the environment, loaded as a fresh process loads them."""

import json
import subprocess
import sys

import pytest

from .cli_harness import TIMEOUT, fresh_install

SHOW_HTTPS_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def https_settings(tmp_path, **extra: str) -> dict:
    env = {**fresh_install(tmp_path), "DJANGO_SETTINGS_MODULE": "sellerdesk.config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_HTTPS_SETTINGS],
        env={**env, **extra},
        cwd=env["SELLERDESK_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plain_http_on_one_machine_is_the_default(tmp_path):
    assert https_settings(tmp_path) == {
        "session_cookie_secure": False,
        "csrf_cookie_secure": False,
        "proxy_ssl_header": None,
    }


@pytest.mark.parametrize("value", ["true", "1"])
def test_sellerdesk_https_secures_the_cookies_and_trusts_the_proxys_forwarded_proto(
    tmp_path, value
):
    assert https_settings(tmp_path, SELLERDESK_HTTPS=value) == {
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
        "proxy_ssl_header": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


SHOW_QUEUE = """
import json
import django
django.setup()
from django.conf import settings
from huey.contrib.djhuey import HUEY
print(json.dumps({"queue": type(HUEY).__name__, "embedded": settings.SELLERDESK_EMBEDDED_WORKER}))
"""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {"queue": "SqliteHuey", "embedded": True}),
        ("redis://127.0.0.1:6379/15", {"queue": "RedisHuey", "embedded": False}),
    ],
)
def test_the_job_queue_is_embedded_sqlite_unless_redis_is_configured(tmp_path, url, expected):
    env = {**fresh_install(tmp_path), "DJANGO_SETTINGS_MODULE": "sellerdesk.config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_QUEUE],
        env={**env, "SELLERDESK_QUEUE_URL": url},
        cwd=env["SELLERDESK_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
