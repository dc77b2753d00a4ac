"""What the deployment promises, read from deploy/ (linted by `make lint`; no cluster or Docker here)."""

from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def resources() -> dict[tuple[str, str], dict]:
    found = {}
    for path in (DEPLOY / "kubernetes").glob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            found[document["kind"], document["metadata"]["name"]] = document
    return found


def test_there_is_exactly_one_beat_and_it_is_never_rolled_two_at_a_time():
    beat = resources()["Deployment", "yishi-beat"]["spec"]
    assert beat["replicas"] == 1
    assert beat["strategy"] == {"type": "Recreate"}
    assert not any(kind == "HorizontalPodAutoscaler" and "beat" in name for kind, name in resources())


def test_web_and_workers_scale_and_web_routes_every_organisation_host():
    found = resources()
    targets = {hpa["spec"]["scaleTargetRef"]["name"] for (kind, _), hpa in found.items()
               if kind == "HorizontalPodAutoscaler"}
    assert targets == {"yishi-web", "yishi-worker"}
    hosts = [rule["host"] for rule in found["Ingress", "yishi"]["spec"]["rules"]]
    assert "*.yishi.example.cn" in hosts and "yishi.example.cn" in hosts
    assert found["ConfigMap", "yishi"]["data"]["YISHI_BASE_DOMAIN"] == "yishi.example.cn"


def test_web_probes_use_the_health_endpoints():
    container = resources()["Deployment", "yishi-web"]["spec"]["template"]["spec"]["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"


def test_migrations_run_as_a_job_with_the_parallel_migrate():
    job = resources()["Job", "yishi-migrate"]["spec"]["template"]["spec"]
    assert job["containers"][0]["command"] == ["yishi", "setup", "--no-demo"]


def test_every_pod_runs_as_a_non_root_user():
    for (kind, name), resource in resources().items():
        if kind in {"Deployment", "Job"}:
            assert resource["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True, name


def test_the_image_is_multi_stage_non_root_with_a_healthcheck():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") >= 2
    assert "\nUSER 10001\n" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "collectstatic" in dockerfile and "gunicorn" in dockerfile


def test_compose_runs_web_worker_beat_postgres_and_redis_with_volumes():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert {"web", "worker", "beat", "postgres", "redis", "migrate"} <= set(compose["services"])
    assert {"postgres", "redis", "media"} <= set(compose["volumes"])


def test_the_ingress_admits_the_largest_request_yishi_accepts():
    found = resources()
    annotations = found["Ingress", "yishi"]["metadata"]["annotations"]
    body = annotations["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert body.endswith("m")
    limit = int(found["ConfigMap", "yishi"]["data"]["YISHI_UPLOAD_MAX_REQUEST_BYTES"])
    assert limit <= int(body[:-1]) * 2**20
    assert found["ConfigMap", "yishi"]["data"]["YISHI_HTTPS"] == "true"
