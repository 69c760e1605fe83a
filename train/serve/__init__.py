"""``anninh serve``: annotation over HTTP, and a Label Studio ML backend, on FastAPI + uvicorn.

Modules: :mod:`.config` (settings and their defaults in ``serve.yaml``), :mod:`.batching`
(the annotator's thread and bounded queue), :mod:`.limits` (body size), :mod:`.auth`
(bearer token), :mod:`.accesslog` (JSON access log), :mod:`.labelstudio` (the ML-backend
protocol), :mod:`.app` (the routes), :mod:`.runner` (uvicorn)."""
