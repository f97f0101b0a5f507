"""Input checks at the edge: every public, portal and phone-system (CTI) route of
the SCRM addons validates what it receives here, once, before anything reaches
the ORM or PostgreSQL.

- ``InputError``: a bad value, with a translated message for the visitor.
- ``InputCheck(env)``: text (NUL bytes removed, length capped), record ids
  (positive, within PostgreSQL's ``integer``), choices, dates within a horizon,
  email addresses (one address, normalised) and JSON bodies (size and depth).
- ``guard``: a decorator for routes: refuses NUL bytes in every parameter and
  ids beyond ``integer``, and answers an ``InputError`` with a 400 page (or a
  JSON object for routes that are not web pages), never a traceback.
"""

import datetime
import functools
import json
import re

from werkzeug.datastructures import FileStorage

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import email_normalize, formataddr

INT4_MAX = 2**31 - 1
# What a one-line field takes (a subject, a name, a reference) and what a
# free text takes (a description, a note, a feedback) unless the route says.
LINE_SIZE = 256
TEXT_SIZE = 10000
EMAIL_SIZE = 254  # RFC 5321: the longest address a mail server accepts
DATE_HORIZON_DAYS = 5 * 366  # dates a user plans with: within five years
JSON_MAX_BYTES = 64 * 1024
JSON_MAX_DEPTH = 8
# Characters that have no place in an address typed into a form: a display
# name, a second address or a header break would ride along with them.
_EMAIL_FORBIDDEN = re.compile(r"[\s<>,;\"'()\[\]\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InputError(ValueError):
    """A value sent by a visitor that the route refuses; ``str()`` is the
    translated message to show them."""


def _depth(value, limit, level=1):
    """True when ``value`` nests deeper than ``limit`` levels (checked
    iteratively deep enough to stop before Python's recursion limit)."""
    stack = [(value, level)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class InputCheck:
    """The checks of one request, with its language: ``InputCheck(request.env)``.
    Each method returns the clean value or raises ``InputError``."""

    def __init__(self, env):
        self.env = env

    # ------------------------------------------------------------------
    # Text
    # ------------------------------------------------------------------

    def text(self, value, label, size=LINE_SIZE, required=False, multiline=False):
        """The stripped text, without NUL bytes and other control characters
        (line breaks and tabs are kept in a ``multiline`` text); refused when
        it is not text, longer than ``size`` characters (cutting it would
        change what the visitor wrote without a word) or missing."""
        if value is None or value is False:
            value = ""
        if not isinstance(value, str):
            raise InputError(self.env._("%(field)s: a text is expected.", field=label))
        text = value.replace("\x00", "")
        text = (
            _CONTROL.sub("", text)
            if multiline
            else re.sub(r"[\x00-\x1f\x7f]", " ", text)
        )
        text = text.strip()
        if len(text) > size:
            raise InputError(
                self.env._(
                    "%(field)s: at most %(size)s characters.", field=label, size=size
                )
            )
        if required and not text:
            raise InputError(self.env._("%(field)s is required.", field=label))
        return text

    # ------------------------------------------------------------------
    # Numbers and choices
    # ------------------------------------------------------------------

    def record_id(self, value, label, required=False):
        """A database id: a positive whole number within PostgreSQL's
        ``integer``; ``None`` when empty and not required."""
        if value is None or value is False or value == "":
            if required:
                raise InputError(self.env._("%(field)s is required.", field=label))
            return None
        if isinstance(value, bool):
            value = None
        elif isinstance(value, str):
            value = int(value) if value.strip().isdigit() and value.isascii() else None
        if not isinstance(value, int) or not 0 < value <= INT4_MAX:
            raise InputError(self.env._("%(field)s: unknown record.", field=label))
        return value

    def integer(self, value, label, minimum=0, maximum=INT4_MAX):
        """A whole number between ``minimum`` and ``maximum``."""
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,12}\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(
                self.env._("%(field)s: a whole number is expected.", field=label)
            )
        if not minimum <= value <= maximum:
            raise InputError(
                self.env._(
                    "%(field)s: between %(min)s and %(max)s.",
                    field=label,
                    min=minimum,
                    max=maximum,
                )
            )
        return value

    def choice(self, value, choices, label, default=None):
        """One of ``choices`` (an iterable of allowed values, or of
        ``(value, label)`` pairs); ``default`` when empty and a default is given."""
        allowed = [c[0] if isinstance(c, tuple | list) else c for c in choices]
        if value in (None, "") and default is not None:
            return default
        if not isinstance(value, str | int) or isinstance(value, bool):
            value = None
        if value not in allowed:
            raise InputError(
                self.env._(
                    "%(field)s: choose one of %(choices)s.",
                    field=label,
                    choices=", ".join(str(c) for c in allowed),
                )
            )
        return value

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------

    def date(self, value, label, past_days=DATE_HORIZON_DAYS, future_days=None):
        """A date (``YYYY-MM-DD``) within ``past_days`` before and
        ``future_days`` (default: the same horizon) after today."""
        if isinstance(value, datetime.date):
            day = value
        else:
            try:
                text = self.text(value, label, size=32)
                day = fields.Date.to_date(text or None)
            except (InputError, ValueError, TypeError):
                day = None
        if not day:
            raise InputError(
                self.env._("%(field)s: give a date (YYYY-MM-DD).", field=label)
            )
        check_date_window(self.env, day, label, past_days, future_days)
        return day

    # ------------------------------------------------------------------
    # Email addresses
    # ------------------------------------------------------------------

    def email(self, value, label, required=True):
        """One email address, normalised (``email_normalize``): a name, a
        second address or any quote, bracket or comma is refused rather than
        read around."""
        text = self.text(value, label, size=EMAIL_SIZE, required=required)
        if not text:
            return False
        normalized = email_normalize(text, strict=True)
        if _EMAIL_FORBIDDEN.search(text) or not normalized:
            raise InputError(
                self.env._(
                    "%(field)s: “%(value)s” is not a valid email address.",
                    field=label,
                    value=text,
                )
            )
        return normalized

    @staticmethod
    def address(name, email):
        """``"Name" <email>`` built by Odoo's ``formataddr``: quotes and commas
        in the name stay in the name."""
        return formataddr((name or "", email))

    # ------------------------------------------------------------------
    # JSON bodies
    # ------------------------------------------------------------------

    def json_object(self, data, max_bytes=JSON_MAX_BYTES, max_depth=JSON_MAX_DEPTH):
        """The JSON object of a request body, refused when larger than
        ``max_bytes``, nested deeper than ``max_depth`` or not an object."""
        if len(data or b"") > max_bytes:
            raise InputError(
                self.env._(
                    "The request body is larger than %(size)s bytes.", size=max_bytes
                )
            )
        try:
            payload = json.loads(data or b"{}")
        except (ValueError, RecursionError):
            payload = None
        if not isinstance(payload, dict):
            raise InputError(self.env._("A JSON object is expected."))
        if _depth(payload, max_depth):
            raise InputError(
                self.env._(
                    "The JSON object nests more than %(depth)s levels.", depth=max_depth
                )
            )
        return payload

    # ------------------------------------------------------------------
    # Every parameter of a route
    # ------------------------------------------------------------------

    def params(self, params):
        """Refuse NUL bytes in every text parameter (and uploaded file name)
        and ids beyond PostgreSQL's ``integer`` in every number parameter (the
        ``<int:...>`` parts of a route)."""
        for key, value in params.items():
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if isinstance(item, FileStorage):
                    item = item.filename or ""
                if isinstance(item, str) and "\x00" in item:
                    raise InputError(
                        self.env._("%(field)s contains a NUL character.", field=key)
                    )
                if isinstance(item, int) and not isinstance(item, bool):
                    if not 0 <= item <= INT4_MAX:
                        raise InputError(
                            self.env._("%(field)s: unknown record.", field=key)
                        )


def check_date_window(env, day, label, past_days=DATE_HORIZON_DAYS, future_days=None):
    """Raise ``InputError`` when ``day`` is more than ``past_days`` before or
    ``future_days`` (default: the same horizon) after today. Models call it from
    their constraints through ``scrm_check_date_horizon``."""
    future_days = DATE_HORIZON_DAYS if future_days is None else future_days
    today = fields.Date.context_today(env.user)
    if isinstance(day, datetime.datetime):
        day = day.date()
    first = today - datetime.timedelta(days=past_days)
    last = today + datetime.timedelta(days=future_days)
    if not first <= day <= last:
        raise InputError(
            env._(
                "%(field)s: %(date)s is not between %(first)s and %(last)s.",
                field=label,
                date=day,
                first=first,
                last=last,
            )
        )


def bad_request(message, status=400):
    """The answer to bad input: the message on an error page for web pages,
    ``{"error": message}`` for the JSON endpoints; never a traceback."""
    if getattr(request, "is_frontend", False):
        return request.render(
            "http_routing.400",
            {
                "error_message": message,
                "status_code": status,
                "status_message": "Bad Request",
            },
            status=status,
        )
    return request.make_json_response({"error": message}, status=status)


def guard(endpoint):
    """Decorate a route (below ``@http.route``): every parameter is checked
    with ``InputCheck.params`` and an ``InputError`` raised by the route
    becomes ``bad_request``. The transaction is rolled back so nothing half
    written survives."""

    @functools.wraps(endpoint)
    def guarded(self, *args, **kw):
        try:
            InputCheck(request.env).params(kw)
            return endpoint(self, *args, **kw)
        except InputError as error:
            request.env.cr.rollback()
            return bad_request(str(error))

    return guarded


def check_record_limits(records, dates=(), sizes=None):
    """For ``@api.constrains``: every date field of ``dates`` within the
    horizon from today, every text field of ``sizes`` (``{field: size}``)
    within its size. Raises ``ValidationError`` (translated, naming the
    field), so every path (form, portal, RPC, import) gets the same limits."""
    env = records.env
    for record in records:
        for fname in dates:
            if record[fname]:
                label = record._fields[fname].get_description(env)["string"]
                try:
                    check_date_window(env, record[fname], label)
                except InputError as error:
                    raise ValidationError(str(error)) from error
        for fname, size in (sizes or {}).items():
            if record[fname] and len(record[fname]) > size:
                label = record._fields[fname].get_description(env)["string"]
                raise ValidationError(
                    env._(
                        "%(field)s: at most %(size)s characters.",
                        field=label,
                        size=size,
                    )
                )
