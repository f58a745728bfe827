"""No client address in any log line: the site's, django-axes' and gunicorn's.

Plain Python (no Django import), so that gunicorn's master process can load it from its config file.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornBaseLogger

_IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
_HEX = r"[0-9A-Fa-f]{1,4}"
# Full eight groups, or any shortened form with "::" ("::1", "2001:db8::7", "::ffff:..."). Times such as
# 23:11:48 have neither, so they stay.
_IPV6 = rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}|(?:{_HEX}:)*(?:{_HEX})?::(?:{_HEX}:)*(?:{_HEX})?)(?![\w:])"
ADDRESS = re.compile(f"{_IPV6}|{_IPV4}")
HIDDEN = "[address hidden]"


def scrub(text: str) -> str:
    return ADDRESS.sub(HIDDEN, text)


class RedactAddresses(logging.Filter):
    """Replaces every IPv4 and IPv6 address in a record's message (and its traceback) before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        return True


_REDACT = RedactAddresses()


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's logger, scrubbing addresses from its error log ("Invalid request from ip=...") and access log."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(_REDACT)  # the same instance each time: a reload adds nothing twice


def axes_client_str(username: str, ip_address: str, user_agent: str, path_info, request) -> str:
    """What django-axes writes in its log lines about a login attempt: the username and path, never the address."""
    if isinstance(path_info, tuple | list):
        path_info = path_info[0] if path_info else ""
    return f'{{username: "{username}", path_info: "{path_info}"}}'
