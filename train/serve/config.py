"""Settings of ``anninh serve``: defaults in ``serve.yaml`` beside this file, a user's YAML
file over them, command-line flags over both.

Plain dataclass so the app factory, the CLI and the tests share one object; it travels
to extra uvicorn worker processes as JSON in an environment variable."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Optional

import yaml

DEFAULTS_FILE = Path(__file__).with_name("serve.yaml")
ENV_CONFIG = "ANNINH_SERVE_CONFIG"
ENV_TOKEN = "ANNINH_SERVE_TOKEN"


class ServeConfigError(ValueError):
    """A setting is unknown or out of range; the message names it and what to give."""


@dataclass
class ServeConfig:
    """Everything a server process needs. Defaults come from ``serve.yaml``."""

    model: Optional[str] = None        # model directory, "rules", or None ($ANNINH_MODEL, else rules)
    hybrid: bool = False
    threads: Optional[int] = None      # torch CPU threads per worker
    token: Optional[str] = None
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    max_body_bytes: int = 1_048_576
    max_texts: int = 64
    max_predict_tasks: int = 1000
    queue_size: int = 64
    retry_after_s: int = 1
    text_timeout_s: float = 30.0
    coalesce: bool = False
    batch_max_texts: int = 64
    batch_size: int = 16
    graceful_timeout_s: int = 30
    access_log: bool = True

    def check(self) -> "ServeConfig":
        """Raise :class:`ServeConfigError` for a value the server cannot run with."""
        positive = ("port", "workers", "max_body_bytes", "max_texts", "max_predict_tasks", "queue_size",
                    "batch_max_texts", "batch_size")
        for name in positive:
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ServeConfigError(f"{name} must be a whole number of at least 1, got {v!r}")
        if not (isinstance(self.text_timeout_s, (int, float)) and self.text_timeout_s > 0):
            raise ServeConfigError(f"text_timeout_s must be a number of seconds above 0, got {self.text_timeout_s!r}")
        for name in ("retry_after_s", "graceful_timeout_s"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ServeConfigError(f"{name} must be a whole number of seconds (0 or more), got {v!r}")
        if self.threads is not None and (not isinstance(self.threads, int) or self.threads < 1):
            raise ServeConfigError(f"threads must be at least 1, got {self.threads!r}")
        if self.port > 65535:
            raise ServeConfigError(f"port must be at most 65535, got {self.port}")
        if self.token is not None and not self.token.strip():
            self.token = None
        return self

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, raw: str | None = None) -> "ServeConfig":
        raw = raw if raw is not None else os.environ.get(ENV_CONFIG, "")
        return merge(cls(), json.loads(raw) if raw else {}, source=ENV_CONFIG).check()


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ServeConfigError(f"cannot read serve config {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ServeConfigError(f"{path} is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ServeConfigError(f"{path} must hold a mapping of settings (key: value), got {type(data).__name__}")
    return data


def merge(cfg: ServeConfig, values: dict[str, Any], source: str) -> ServeConfig:
    """``cfg`` with ``values`` applied; an unknown key is an error naming the known ones."""
    known = {f.name for f in fields(ServeConfig)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ServeConfigError(f"{source}: unknown setting(s) {unknown}; known: {sorted(known)}")
    for k, v in values.items():
        setattr(cfg, k, v)
    return cfg


def load_config(path: str | Path | None = None, **overrides: Any) -> ServeConfig:
    """Defaults (``serve.yaml``), then the file at ``path``, then the non-None ``overrides``;
    the token falls back to ``$ANNINH_SERVE_TOKEN``."""
    cfg = merge(ServeConfig(), _read_yaml(DEFAULTS_FILE), source=str(DEFAULTS_FILE.name))
    if path is not None:
        cfg = merge(cfg, _read_yaml(Path(path)), source=str(path))
    cfg = merge(cfg, {k: v for k, v in overrides.items() if v is not None}, source="command line")
    if cfg.token is None and os.environ.get(ENV_TOKEN, "").strip():
        cfg.token = os.environ[ENV_TOKEN].strip()
    return cfg.check()
