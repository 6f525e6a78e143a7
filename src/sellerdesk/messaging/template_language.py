"""The part of Django's template language a message template may use.

Sellers write templates, and a template runs on every message: nothing here reaches beyond
the context (no {% debug %}, no {% include %}), and nothing makes text without bound
({% lorem %}, |ljust:"100000000", |add doubling a list). Loops go over the order's items
only and never nest (rendering checks the compiled template), so a template's cost is its
length times the order's lines.
"""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags

register = Library()

# No {% with %} or {% firstof %} (they bind or join text of any size), no |join (a string
# joined with a string multiplies their lengths); rendering checks the loops.
TAGS = ("if", "for", "comment", "spaceless")
FILTERS = (
    "capfirst", "cut", "default", "default_if_none", "first", "last", "length", "lower",
    "pluralize", "slice", "striptags", "title", "truncatechars", "truncatewords", "upper",
    "wordcount", "yesno",
)  # fmt: skip

for _name in TAGS:
    register.tag(_name, defaulttags.register.tags[_name])
for _name in FILTERS:
    register.filter(_name, defaultfilters.register.filters[_name])
