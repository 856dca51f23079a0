"""Shared pieces of the HTTP benchmarks: database, gunicorn, load from a second process.

Used by elearning_scorm_commit.py, surveys_submit.py and events_question_poll.py:

- `bench_env(url)`: the environment of the child processes (DEBUG off,
  PostgreSQL `url`, our settings);
- `recreate_database(url)` / `drop_database(url)`;
- `bench_wsgi(module_name, extra_urls)`: the project's URLs plus bare
  endpoints, as the WSGI app gunicorn serves (`<module>:application`);
- `bare_json` view: parses a JSON body and answers a fixed JSON (no database);
- `Gunicorn(app, workers, port, env)`: a context manager that starts
  gunicorn (sync workers), waits until it answers and stops it;
- `request(port, method, path, ...)`: one request on its own connection (as
  gunicorn's sync workers close connections), returning (status, ms, headers);
- `closed_loop(port, make_request, ok, clients, seconds, seed)`: C client
  processes send requests back to back for a while; answers in `ok` count
  as done, everything else (and connection errors) as errors;
- `latency_summary(latencies)`: median, p95 and max in milliseconds.
"""

import contextlib
import http.client
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def pg_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def bench_env(url: str, **extra: str) -> dict:
    """The environment of set-up children and gunicorn: DEBUG off, PostgreSQL."""
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["JENJANG_SECURE_COOKIES"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "jenjang.settings"
    # Both `benchmarks.x` (gunicorn) and the scripts import `_http_load`.
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")])
    env.update(extra)
    return env


def _admin(url: str):
    import psycopg

    parts = urlparse(url)
    conn = psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)
    return conn, parts.path.lstrip("/")


def recreate_database(url: str) -> None:
    conn, name = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    conn, name = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(env: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "jenjang", "migrate", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )


# --- the WSGI app gunicorn serves ------------------------------------------------


def bare_json(request):
    """A Django view that parses the JSON body and touches no database."""
    from django.http import JsonResponse

    json.loads(request.body or b"{}")
    return JsonResponse({"result": True, "status": "created"})


def bench_wsgi(module_name: str, extra_urls: Iterable[tuple[str, Callable]]):
    """Return the WSGI app: the project's URLs plus the benchmark's own views."""
    import types

    import django
    from django.conf import settings
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    django.setup()
    urls = types.ModuleType(f"{module_name}_urls")
    urls.urlpatterns = [path(route, csrf_exempt(view)) for route, view in extra_urls]
    urls.urlpatterns.append(path("", include("jenjang.urls")))
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


class Gunicorn:
    """gunicorn with sync workers, from start until it answers to stop."""

    def __init__(self, app: str, *, workers: int, port: int, env: dict, ready="/"):
        self.app, self.workers, self.port = app, workers, port
        self.env = {**env, "JENJANG_BENCH_WSGI": "1"}
        self.ready = ready
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        log(f"gunicorn {self.app}: {self.workers} sync workers on :{self.port}")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                self.app,
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if request(self.port, "GET", self.ready)[0] < 500:
                    return self
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer in 120 s")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


# --- load ----------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | bytes | None = None,
    headers: dict | None = None,
    timeout: float = 30,
) -> tuple[int, float, dict]:
    """Send one request on its own connection: (status, milliseconds, headers)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    began = time.perf_counter()
    try:
        conn.request(
            method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})}
        )
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - began) * 1000
        return response.status, elapsed, dict(response.getheaders())
    finally:
        conn.close()


def latency_summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    n = len(ordered)
    if not n:
        return {"median_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(0.95 * n) - 1)], 2),
        "max_ms": round(ordered[-1], 2),
    }


# make_request(rng, client_index) -> (method, path, body, headers)
RequestMaker = Callable[[random.Random, int], tuple[str, str, str | None, dict]]


def _client(args) -> tuple[int, list[float], int]:
    port, make_request, ok, seconds, seed, index = args
    rng = random.Random(seed)
    done, errors, latencies = 0, 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        method, path, body, headers = make_request(rng, index)
        try:
            status, ms, _headers = request(
                port, method, path, body=body, headers=headers
            )
        except OSError:
            errors += 1
            continue
        if status in ok:
            done += 1
            latencies.append(ms)
        else:
            errors += 1
    return done, latencies, errors


def closed_loop(
    *,
    port: int,
    make_request: RequestMaker,
    ok: tuple[int, ...],
    clients: int,
    seconds: float,
    seed: int = 1,
) -> dict:
    """C client processes, each sending its next request when the last answered.

    `make_request` must be a module-level function (it crosses to the pool).
    """
    jobs = [
        (port, make_request, ok, seconds, seed * 100 + i, i) for i in range(clients)
    ]
    with mp.Pool(clients) as pool:
        results = pool.map(_client, jobs)
    done = sum(r[0] for r in results)
    return {
        "requests": done,
        "errors": sum(r[2] for r in results),
        "rps": round(done / seconds, 1),
        **latency_summary([x for r in results for x in r[1]]),
    }


def append_jsonl(path: Path, rows: Iterable[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
