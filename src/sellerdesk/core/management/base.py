"""The base of sellerdesk's management commands: the class docstring is the `--help` text."""

from __future__ import annotations

import argparse
import inspect
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, DjangoHelpFormatter


class DocstringHelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option ordering, with the description printed as written."""


class DocstringCommand(BaseCommand):
    """A command whose `help` is its class docstring, kept with its paragraphs and examples.

    Write `help = __doc__` in the subclass. Django's formatter would re-flow the docstring
    into one paragraph; this one prints it as written, less the docstring's indentation.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", DocstringHelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = inspect.cleandoc(self.help)
        return parser
