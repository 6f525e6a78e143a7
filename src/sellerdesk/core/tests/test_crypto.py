import pytest
from cryptography.fernet import Fernet

from sellerdesk.core import crypto


def test_a_secret_round_trips_and_is_not_stored_readable():
    token = crypto.encrypt("Atzr|refresh-token")
    assert "Atzr" not in token
    assert crypto.decrypt(token) == "Atzr|refresh-token"


def test_keys_rotate_without_losing_secrets(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SELLERDESK_ENCRYPTION_KEYS = [old]
    token = crypto.encrypt("secret")
    settings.SELLERDESK_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "secret"
    rotated = crypto.rotate(token)
    settings.SELLERDESK_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(rotated) == "secret"


def test_a_secret_no_key_can_read_says_how_to_recover(settings):
    settings.SELLERDESK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = crypto.encrypt("secret")
    settings.SELLERDESK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.CannotDecrypt, match="SELLERDESK_ENCRYPTION_KEYS"):
        crypto.decrypt(token)
