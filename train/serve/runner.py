"""Starts uvicorn for a :class:`~.config.ServeConfig`.

One worker: the app is built here and handed to uvicorn. More: uvicorn starts that many
processes, each importing :func:`~.app.app_from_env`, which reads the config from
``$ANNINH_SERVE_CONFIG`` and loads its own annotator once. uvicorn handles SIGTERM and
SIGINT: it stops accepting connections, lets in-flight requests finish (up to
``graceful_timeout_s``), then runs the app's shutdown, which ends the annotator thread."""
from __future__ import annotations

import os

from .config import ENV_CONFIG, ServeConfig


def serve(cfg: ServeConfig) -> None:
    import uvicorn

    common = dict(host=cfg.host, port=cfg.port, access_log=False, log_level="info",
                  timeout_graceful_shutdown=cfg.graceful_timeout_s, server_header=False)
    if cfg.workers > 1:
        os.environ[ENV_CONFIG] = cfg.to_env()
        uvicorn.run("train.serve.app:app_from_env", factory=True, workers=cfg.workers, **common)
    else:
        from .app import create_app

        uvicorn.run(create_app(cfg), **common)
