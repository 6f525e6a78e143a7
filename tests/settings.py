"""Test settings: the real settings, with fast password hashing and a file-backed SQLite."""

import os
import tempfile

os.environ.setdefault("SELLERDESK_SECRET_KEY", "test-only-secret-key-not-for-production")

from sellerdesk.config.settings import *  # noqa: F403
from sellerdesk.config.settings import DATABASES

# Argon2 costs about 190 ms a hash; tests log in often.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "sellerdesk.core.sqlite":
    # A file, not shared-cache memory: concurrency tests and the browser's live server need
    # real SQLite locking across connections.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"sellerdesk-test-{os.getpid()}.sqlite3")
    }

# Jobs run at once, in the test's own thread and transaction.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
