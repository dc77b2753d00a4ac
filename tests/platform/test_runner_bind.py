"""Issue 14, finding 3 (the server part): `yishi run` listens on this machine only unless told."""

import os
import signal
import socket
import subprocess
import sys

from tests.support import database_url, free_port, wait_for_http


def other_address() -> str:
    """An address of this machine that is not loopback (what another machine on the network reaches)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        return probe.getsockname()[0]


def test_it_refuses_connections_from_the_network_by_default(organisations, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        url = database_url()
    port = free_port()
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "yishi"), "run", "--no-demo"],
        env={**os.environ, "DATABASE_URL": url, "PORT": str(port), "YISHI_DATA_DIR": str(tmp_path),
             "YISHI_CELERY_QUEUE": f"bind-test-{os.getpid()}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )

    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=180)
        address = other_address()
        assert not address.startswith("127.")
        with socket.socket() as outside:
            assert outside.connect_ex((address, port)) != 0  # refused: nothing listens there
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
