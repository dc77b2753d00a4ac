"""The GraphQL endpoint under gunicorn: requests/s and latency against Wagtail's REST API v2 and plain JSON.

    python bench/graphql.py [--requests 400] [--warmup 50]

Serves a database of its own (`yishi_bench_graphql`: the demo organisations, plus every template pack
applied to the first one) with one gunicorn sync worker on loopback, DEBUG off. Each endpoint gets the
same number of sequential requests (a bounded loop). The anonymous rate limit is switched off for the
run (YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT=0): it would answer 429 after 600 requests a minute.
GraphQL requests miss the public response cache (an unused variable differs each time) except the
one line that measures the cached answer.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

# This file is named graphql.py: its folder goes last on the path, or it would shadow graphql-core.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != HERE] + [HERE]
from benchdb import use_fresh_database  # noqa: E402

PORTAL = """{ organisation { slug name }
  regulations { slug title documentNumber effectiveFrom text }
  meetingTypes { slug name cadence { rrule time durationMinutes holidayPolicy } } }"""
TITLES = "{ regulations { slug title } }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(session, method, url, host, body, requests_, warmup) -> dict:
    """`body` is the request body, or a function of the request's number giving it."""
    headers = {"Host": host, "Content-Type": "application/json"}
    body_of = body if callable(body) else (lambda n: body)
    for n in range(warmup):
        session.request(method, url, headers=headers, data=body_of(-1 - n))
    latencies = []
    started = time.perf_counter()
    for n in range(requests_):
        t0 = time.perf_counter()
        response = session.request(method, url, headers=headers, data=body_of(n))
        latencies.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.text[:300]
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rps": requests_ / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "bytes": len(response.content)}


def uncached(query: str):
    """Bodies that miss the public response cache: an unused variable, different each time, is part of its key."""
    return lambda n: json.dumps({"query": query, "variables": {"miss": n}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=50)
    options = parser.parse_args()

    use_fresh_database("yishi_bench_graphql")
    import requests
    from django_tenants.utils import tenant_context

    from yishi.content.models import RegulationPage
    from yishi.content.packs import apply_pack
    from yishi.content.packs.io import PackInvalid
    from yishi.content.packs.templates import load_template, template_names
    from yishi.tenants.demo import load_demo

    organisation = load_demo()[0]
    with tenant_context(organisation):
        for name in template_names():  # the templates that do not clash with the demo's own meeting types
            try:
                apply_pack(load_template(name))
            except PackInvalid:
                pass
        regulations = RegulationPage.objects.live().count()
    host = organisation.primary_host

    port = free_port()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "yishi.platform.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.graphqlsite", "PYTHONPATH": root,
             "DEBUG": "false", "SECRET_KEY": "bench-only", "YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT": "0"},
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        session = requests.Session()
        for _ in range(600):
            try:
                if session.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        graphql = f"{base}/graphql/"
        answer = session.post(graphql, json={"query": PORTAL}, headers={"Host": host}).json()
        assert "errors" not in answer, answer
        cases = {
            "GraphQL portal query": ("POST", graphql, uncached(PORTAL)),
            "GraphQL portal query, cached answer": ("POST", graphql, json.dumps({"query": PORTAL})),
            "JsonResponse, same data (ceiling)": ("GET", f"{base}/bench/portal.json", None),
            "GraphQL { regulations { slug title } }": ("POST", graphql, uncached(TITLES)),
            "Wagtail API v2 pages, slug+title": (
                "GET", f"{base}/api/v2/pages/?type=content.RegulationPage&fields=slug,title&limit=100", None),
            "JsonResponse slug+title (ceiling)": ("GET", f"{base}/bench/regulations.json", None),
            "GraphQL { __typename } (its own floor)": ("POST", graphql, uncached("{ __typename }")),
        }
        results = {name: measure(session, *case[:2], host, case[2], options.requests, options.warmup)
                   for name, case in cases.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"one gunicorn sync worker, loopback, DEBUG off; {regulations} regulations, "
          f"{len(answer['data']['meetingTypes'])} meeting types; {options.requests} sequential requests each")
    for name, result in results.items():
        print(f"  {name:46} {result['rps']:7.0f} req/s  p50 {result['p50']:6.1f} ms  "
              f"p99 {result['p99']:6.1f} ms  {result['bytes']:7} B")

    def ratio(a, b):
        return results[a]["rps"] / results[b]["rps"]

    print("ratios (requests/s)")
    titles = "GraphQL { regulations { slug title } }"
    print(f"  GraphQL titles / Wagtail API v2:       {ratio(titles, 'Wagtail API v2 pages, slug+title'):5.2f}x")
    print(f"  GraphQL titles / JsonResponse ceiling: {ratio(titles, 'JsonResponse slug+title (ceiling)'):5.2f}x")
    portal = ratio("GraphQL portal query", "JsonResponse, same data (ceiling)")
    print(f"  GraphQL portal / JsonResponse ceiling: {portal:5.2f}x")
    cached = ratio("GraphQL portal query, cached answer", "GraphQL portal query")
    print(f"  GraphQL portal cached / uncached:      {cached:5.2f}x")


if __name__ == "__main__":
    main()
