import getpass
import os
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import IntegrityError, transaction

from sellerdesk.core.management.base import DocstringCommand


class Command(DocstringCommand):
    """Create a user who can log in to sellerdesk.

    The password comes from --password, else from the SELLERDESK_PASSWORD environment
    variable, else it is asked for twice when run in a terminal. Prefer the variable or
    the prompt: other users of the machine can see a --password in the process list.
    It must pass the password rules (at least 8 characters).

    With --if-missing an existing user is left as it is, so a script can run this on
    every deploy; without it, an existing username is an error. To change a password
    later, use `sellerdesk changepassword USERNAME`.

    Examples:
      sellerdesk createuser alice --email alice@example.com --superuser
      SELLERDESK_PASSWORD=... sellerdesk createuser packer --if-missing
    """

    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The name to log in with.")
        parser.add_argument("--email", default="", help="The user's email address.")
        parser.add_argument("--password", help="The password (see above for safer ways).")
        parser.add_argument(
            "--superuser", action="store_true", help="Grant every permission (superuser, staff)."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="If the user exists already, leave it alone and succeed.",
        )

    def handle(
        self,
        *,
        username: str,
        email: str,
        password: str | None,
        superuser: bool,
        if_missing: bool,
        **options: Any,
    ) -> None:
        User = get_user_model()
        username = User.normalize_username(username)
        if User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists():
            return self._exists(username, if_missing)

        user = User(
            **{User.USERNAME_FIELD: username},
            email=User._default_manager.normalize_email(email),
            is_staff=superuser,
            is_superuser=superuser,
        )
        try:  # the name and email first, so nobody types a password for a bad name
            user.full_clean(exclude=["password"], validate_unique=False)
        except ValidationError as error:
            raise CommandError(_describe(error)) from error
        password = _password(password)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # created meanwhile by someone else
            return self._exists(username, if_missing)
        role = "superuser" if superuser else "user"
        self.stdout.write(f"Created {role} {username!r}.")

    def _exists(self, username: str, if_missing: bool) -> None:
        if not if_missing:
            raise CommandError(
                f"A user {username!r} exists already. Add --if-missing to accept that, "
                f"or run `sellerdesk changepassword {username}` to change its password."
            )
        self.stdout.write(f"User {username!r} exists already; left unchanged.")


def _password(given: str | None) -> str:
    password = given if given is not None else os.environ.get("SELLERDESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CommandError(
                "No password: pass --password, set SELLERDESK_PASSWORD, "
                "or run this in a terminal to be asked for one."
            )
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords differ; nothing was created.")
    if not password:
        raise CommandError("The password is empty; nothing was created.")
    return password


def _describe(error: ValidationError) -> str:
    return " ".join(
        f"{field}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    )
