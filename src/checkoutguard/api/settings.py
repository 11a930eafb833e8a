"""What an API server is allowed to do: tokens, CORS origins and the bounds on every request.

Safe by default: no CORS, bodies up to 1 MiB (the audit's page limit for ``/v1/audit``), 16 KiB and 100
header fields, 10 s per request. Tokens come from an environment variable or a file, never a flag, so
they stay out of ``ps`` output and shell history.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from checkoutguard.audit import MAX_PAGE_BYTES
from checkoutguard.errors import InvalidInput

__all__ = ["ENV_PREFIX", "Settings"]

ENV_PREFIX: Final = "CHECKOUTGUARD_API_"
_MIB: Final = 1024 * 1024
_MIN_TOKEN: Final = 16
_BODY: Final = _MIB
_BUDGET: Final = 10.0


def _tokens_from_text(text: str, source: str) -> tuple[str, ...]:
    tokens = []
    for raw in text.replace(",", "\n").splitlines():
        token = raw.strip()
        if not token or token.startswith("#"):
            continue
        if len(token) < _MIN_TOKEN or not token.isascii() or not token.isprintable() or " " in token:
            raise InvalidInput(
                f"a token in {source} is unusable", path=source, accepted=f"printable ASCII, {_MIN_TOKEN}+ characters"
            )
        tokens.append(token)
    return tuple(tokens)


def _positive(environ: Mapping[str, str], name: str, default: float) -> float:  # float-ok: seconds
    text = environ.get(ENV_PREFIX + name)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)  # float-ok: seconds or a q-value, not money
    except ValueError:
        raise InvalidInput(f"{text!r} is not a number", path=ENV_PREFIX + name, accepted="a positive number") from None
    if not 0 < value < 1e9:
        raise InvalidInput(f"{text!r} is out of range", path=ENV_PREFIX + name, accepted="a positive number")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """Bounds and access rules of one API app (``create_app(Settings(...))``)."""

    tokens: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = _BODY
    max_audit_bytes: int = MAX_PAGE_BYTES + _MIB  # the page limit plus room for JSON escaping
    max_header_bytes: int = 16 * 1024
    max_headers: int = 100
    time_budget: float = _BUDGET  # float-ok: seconds or a q-value, not money

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``CHECKOUTGUARD_API_TOKENS`` (comma-separated), ``..._TOKEN_FILE`` (one per line),
        ``..._CORS_ORIGINS``, ``..._MAX_BODY_BYTES`` and ``..._TIME_BUDGET`` (seconds)."""
        env = os.environ if environ is None else environ
        tokens = _tokens_from_text(env.get(ENV_PREFIX + "TOKENS", ""), ENV_PREFIX + "TOKENS")
        token_file = env.get(ENV_PREFIX + "TOKEN_FILE")
        if token_file:
            try:
                text = Path(token_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInput(
                    f"cannot read token file {token_file}: {exc}", path=ENV_PREFIX + "TOKEN_FILE"
                ) from exc
            tokens += _tokens_from_text(text, token_file)
        origins = tuple(o.strip() for o in env.get(ENV_PREFIX + "CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            tokens=tokens,
            cors_origins=origins,
            max_body_bytes=int(_positive(env, "MAX_BODY_BYTES", _BODY)),
            time_budget=_positive(env, "TIME_BUDGET", _BUDGET),
        )
