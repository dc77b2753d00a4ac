"""`yishi run`: PostgreSQL, migrations, demo data, then web + Celery worker + beat until Ctrl-C."""

import argparse
import os
import signal
import subprocess
import sys
import time


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="yishi run", description="开发服务器 + 后台任务 + 定时任务")
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--host", default=None,
                        help="监听地址（默认 YISHI_BIND 或 127.0.0.1；0.0.0.0 对局域网开放）")
    options = parser.parse_args(argv)

    import django

    django.setup()  # settings start the embedded PostgreSQL when DATABASE_URL is unset
    from django.conf import settings
    from django.core.management import call_command

    call_command("setup", no_demo=options.no_demo)

    # Children reach the database this process owns; they must not start or stop it themselves.
    env = dict(os.environ, DATABASE_URL=settings.DATABASE_URL, PYTHONUNBUFFERED="1")
    children = _start_children(settings, env, options.host or settings.YISHI_BIND)
    _print_welcome(settings)
    _supervise(children)


def _start_children(settings, env, host: str) -> list[subprocess.Popen]:
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "yishi.platform.celery"]
    commands = [
        [python, "-m", "django", "runserver", runserver_address(host, settings.PORT), "--noreload",
         "--settings", "yishi.platform.settings"],
        celery + ["worker", "--loglevel", "INFO", "--concurrency", "2"],
        celery + ["beat", "--loglevel", "INFO", "--schedule", str(settings.DATA_DIR / "celerybeat-schedule")],
    ]
    # Each child leads its own process group so that stopping it also stops its pool processes.
    return [subprocess.Popen(command, env=env, start_new_session=True) for command in commands]


def runserver_address(host: str, port: int) -> str:
    """runserver's addrport; an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _print_welcome(settings) -> None:
    from yishi.platform.views import organisation_url
    from yishi.tenants.cast import DEMO_PASSWORD
    from yishi.tenants.models import Organisation

    lines = ["", "议事 Yishi 已启动 / is running", f"  平台 platform: {organisation_url(settings.BASE_DOMAIN)}"]
    for organisation in Organisation.objects.served().prefetch_related("domains"):
        url = organisation_url(organisation.primary_host)
        lines += [
            f"  {organisation.name} ({organisation.slug})",
            f"    网站 site:    {url}",
            f"    后台 admin:   {url}admin/",
            f"    GraphQL:      {url}graphql/",
        ]
    lines += [
        f"  演示账号 demo logins: admin, office, director, deputy, head, member, secretary … / {DEMO_PASSWORD}",
        "    (每个组织的人员与角色见 docs/operations.md “Demo logins”)",
        "  按 Ctrl-C 停止 / Ctrl-C stops everything", "",
    ]
    print("\n".join(lines), flush=True)


def _supervise(children: list[subprocess.Popen]) -> None:
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    # Installed explicitly: a shell may start background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    parent = os.getppid()
    try:
        while not stopping:
            if any(child.poll() is not None for child in children):
                print("yishi: a child process exited; stopping everything", file=sys.stderr)
                break
            if os.getppid() != parent:  # `make` (or the shell) was killed without passing the signal on
                break
            time.sleep(0.5)
    finally:
        _stop(children)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        child.terminate()  # the leader shuts its own pool down; the group is killed only if it hangs
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        _signal_group(child, signal.SIGKILL)  # also any pool process left in its group
    print("yishi: stopped", flush=True)


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass
