"""The FastAPI app of ``anninh serve``: ``/annotate``, ``/health``, ``/ready``, ``/model``,
and Label Studio's ``/setup``, ``/predict``, ``/webhook`` on the same port.

:func:`create_app` builds one app per process: its :class:`~.batching.BatchWorker` loads
the annotator once, in its own thread (``/ready`` answers 503 until it has), and every
request's texts go through its bounded queue. The middlewares around the routes, from the
outside in: the JSON access log, the token check, the body-size limit.
"""
from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager
from typing import Any, Callable, Optional

from fastapi import Body, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from . import accesslog
from .accesslog import AccessLogMiddleware
from .auth import TokenMiddleware
from .batching import BatchWorker, NotReady, QueueFull
from .config import ServeConfig
from .errors import error_response
from .labelstudio import LabelConfigError, parse_target, task_prediction, task_text
from .limits import BodyLimitMiddleware
from .modelinfo import model_facts
from .schemas import AnnotateRequest, EntitiesResponse, ErrorResponse, ResultsResponse

log = logging.getLogger(__name__)

USAGE = 'send a JSON object {"text": "..."} or {"texts": ["...", "..."]} with Content-Type: application/json'
ERRORS = {code: {"model": ErrorResponse} for code in (401, 413, 422, 503, 504)}


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _field(err: dict) -> str:
    return "body" if err.get("type") == "json_invalid" else _loc(tuple(err.get("loc", ())))


def _loc(loc: tuple) -> str:
    parts = [p for p in loc if p != "body"]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "body"


def validation_message(errors: list[dict]) -> str:
    """One sentence per problem, naming the field, then how to call the route."""
    msgs = []
    for err in errors[:5]:
        kind, where = err.get("type", ""), _loc(tuple(err.get("loc", ())))
        if kind == "json_invalid":
            ctx = (err.get("ctx") or {}).get("error", "") or "invalid"
            pos = next((p for p in err.get("loc", ()) if isinstance(p, int)), None)
            msgs.append(f"the body is not valid JSON ({ctx}" + (f" at character {pos})" if pos is not None else ")"))
        elif kind == "missing" and where == "body":
            msgs.append("the body is empty")
        elif kind == "extra_forbidden":
            msgs.append(f"unknown field '{where}'")
        else:
            got = err.get("input")
            shown = type(got).__name__ if not isinstance(got, (str, int, float, bool)) or isinstance(got, str) \
                else repr(got)
            msgs.append(f"field '{where}': {err.get('msg', 'invalid')} (got {shown})")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(msgs) + more


def default_factory(cfg: ServeConfig) -> Callable[[], Any]:
    def load():
        from model.annotator import Annotator

        return Annotator(cfg.model, hybrid=cfg.hybrid, batch_size=cfg.batch_size, threads=cfg.threads)

    return load


def create_app(cfg: ServeConfig, annotator_factory: Optional[Callable[[], Any]] = None,
               facts: Optional[dict[str, Any]] = None) -> FastAPI:
    """The app for one server process. ``annotator_factory`` replaces the real loading
    (tests use it to control timing); ``facts`` replaces :func:`model_facts`."""
    cfg.check()
    accesslog.configure(cfg.access_log)
    facts = facts if facts is not None else model_facts(cfg.model, cfg.hybrid)
    model_version = facts["model_version"]
    worker = BatchWorker(annotator_factory or default_factory(cfg), queue_size=cfg.queue_size,
                         coalesce=cfg.coalesce, batch_max_texts=cfg.batch_max_texts)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        worker.start()
        yield
        # uvicorn has drained the in-flight requests by now; let the thread finish.
        await asyncio.get_running_loop().run_in_executor(None, worker.stop)

    app = FastAPI(
        title="anninh-ner", version="0.1.0", lifespan=lifespan,
        strict_content_type=False,  # a body sent without Content-Type is read as JSON
        description="Named entities (AGENCY, RANK, PERSON, LOCATION) in Vietnamese police news; "
                    "also a Label Studio ML backend (/setup, /predict, /webhook).",
    )
    app.state.worker = worker
    app.state.config = cfg

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = list(exc.errors())
        hint = USAGE if request.url.path == "/annotate" else "send the JSON body this route documents at /docs"
        ctype = request.headers.get("content-type", "")
        if ctype and "json" not in ctype.lower():
            hint = f"the body was sent as Content-Type {ctype!r}, not JSON: {hint} (curl: -H 'Content-Type: application/json')"
        return error_response(422, f"{validation_message(errors)}: {hint}",
                              fields=[_field(e) for e in errors[:20]])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404:
            msg = f"no route {request.url.path}: see /docs for the routes"
        elif exc.status_code == 405:
            msg = f"{request.method} is not allowed on {request.url.path}: see /docs"
        return error_response(exc.status_code, msg, getattr(exc, "headers", None))

    async def run(texts: list[str]) -> list[list]:
        """Annotate through the worker's queue, within the time the texts are allowed."""
        if worker.load_error is not None:
            raise ApiError(503, f"{worker.load_error}; fix the model and restart the server")
        budget = cfg.text_timeout_s * max(1, len(texts))
        futures = []
        try:
            for k in range(0, max(1, len(texts)), cfg.max_texts):
                futures.append(worker.submit(texts[k : k + cfg.max_texts]))
        except QueueFull as exc:
            for f in futures:
                f.cancel()
            raise ApiError(503, f"the server is busy ({exc}): retry after {cfg.retry_after_s} s, or start it "
                                "with a larger --queue-size or more --workers",
                           {"Retry-After": str(cfg.retry_after_s)}) from None
        except NotReady as exc:
            raise ApiError(503, f"{exc}; fix the model and restart the server") from None
        try:
            parts = await asyncio.wait_for(asyncio.gather(*(asyncio.wrap_future(f) for f in futures)), budget)
        except asyncio.TimeoutError:
            for f in futures:
                f.cancel()
            raise ApiError(504, f"annotating took longer than {budget:g} s ({cfg.text_timeout_s:g} s per text x "
                                f"{max(1, len(texts))} text(s), queue wait included): send shorter or fewer texts, "
                                "or start the server with a larger --timeout") from None
        except NotReady as exc:
            raise ApiError(503, f"{exc}; fix the model and restart the server") from None
        except Exception as exc:  # noqa: BLE001 - a failure in the annotator is reported, the server stays up
            log.exception("annotating failed")
            raise ApiError(500, f"annotating failed ({type(exc).__name__}: {exc}); the server keeps running: "
                                "report this with the text that caused it") from None
        return [ents for part in parts for ents in part]

    # ------------------------------------------------------------------ routes
    @app.get("/health", summary="Alive (no token needed); Label Studio's health check too")
    async def health():
        return {"status": "UP", "model_class": "anninh", "ready": worker.ready, "model_version": model_version,
                "pid": os.getpid()}

    @app.get("/ready", summary="200 once the model is loaded, 503 before (or when loading failed)",
             responses={503: {"model": ErrorResponse}})
    async def ready():
        if worker.ready:
            return {"ready": True, "model_version": model_version}
        if worker.load_error:
            return error_response(503, f"{worker.load_error}; fix the model and restart the server")
        return error_response(503, "the model is still loading: retry in a few seconds",
                              {"Retry-After": str(cfg.retry_after_s)})

    @app.get("/model", summary="The model card's facts: backend, backbone, pretrained, labels, rules version")
    async def model_card():
        return facts

    @app.post("/annotate", summary="Entities of one text, or of each of several texts",
              response_model=EntitiesResponse | ResultsResponse, responses=ERRORS)
    async def annotate(req: AnnotateRequest = Body(..., examples=[{"text": "Đại tá Lê Văn A, Công an tỉnh Nghệ An."}])):
        if (req.text is None) == (req.texts is None):
            raise ApiError(422, f"send exactly one of 'text' or 'texts', got {'both' if req.text is not None else 'neither'}: {USAGE}")
        if req.text is not None:
            ents = (await run([req.text]))[0]
            return JSONResponse({"entities": [e.to_dict() for e in ents]})
        if len(req.texts) > cfg.max_texts:
            raise ApiError(413, f"too many texts: {len(req.texts):,} in one request, the limit is {cfg.max_texts}; "
                                "send them in several requests, or start the server with a larger --max-texts")
        results = await run(list(req.texts)) if req.texts else []
        return JSONResponse({"results": [[e.to_dict() for e in ents] for ents in results]})

    # ------------------------------------------------------- Label Studio
    @app.post("/setup", summary="Label Studio: connect a project; answers the model version",
              responses={400: {"model": ErrorResponse}})
    async def setup(body: dict[str, Any] = Body(...)):
        try:
            parse_target(body.get("schema"))
        except LabelConfigError as exc:
            raise ApiError(400, str(exc)) from None
        return {"model_version": model_version}

    @app.post("/predict", summary="Label Studio: predictions for tasks", responses=ERRORS)
    async def predict(body: dict[str, Any] = Body(...)):
        tasks = body.get("tasks")
        if not isinstance(tasks, list):
            raise ApiError(422, "field 'tasks': expected a list of Label Studio tasks")
        if len(tasks) > cfg.max_predict_tasks:
            raise ApiError(413, f"too many tasks: {len(tasks):,}, the limit is {cfg.max_predict_tasks}; "
                                "select fewer tasks, or start the server with a larger --max-predict-tasks")
        try:
            target = parse_target(body.get("label_config"))
        except LabelConfigError as exc:
            raise ApiError(400, str(exc)) from None
        texts = [task_text(t, target) for t in tasks]
        live = [t for t in texts if t is not None]
        results = iter(await run(live) if live else [])
        out = []
        for t in texts:
            if t is None:
                out.append({"result": [], "score": 0.0, "model_version": model_version})
            else:
                out.append(task_prediction(t, next(results), target, model_version))
        return {"results": out}

    @app.post("/webhook", summary="Label Studio: annotation events (accepted; this backend does not train)")
    async def webhook(body: dict[str, Any] = Body(default_factory=dict)):
        return {"status": "ok", "action": body.get("action"), "trained": False}

    @app.get("/versions", summary="Label Studio: the model versions this backend offers")
    async def versions():
        return {"versions": [model_version]}

    app.add_middleware(BodyLimitMiddleware, max_body_bytes=cfg.max_body_bytes)
    if cfg.token:
        app.add_middleware(TokenMiddleware, token=cfg.token)
    app.add_middleware(AccessLogMiddleware)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn's extra worker processes import (``--workers`` above 1)."""
    return create_app(ServeConfig.from_env())
