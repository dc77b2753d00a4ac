"""The `yishi` command: `yishi run`, and every Django management command (`yishi org …`, …)."""

import os
import sys


def fail(message: str) -> None:
    sys.stderr.write(f"yishi: error: {message}\n")
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yishi.platform.settings")
    from django.db.utils import OperationalError

    from .env import ConfigurationError

    try:
        if argv[:1] == ["run"]:
            from .runner import run

            run(argv[1:])
        else:
            from django.core.management import execute_from_command_line

            if argv[:1] == ["migrate"]:  # django_tenants owns Django's `migrate` name; ours is migrate_all
                argv[0] = "migrate_all"

            execute_from_command_line(["yishi", *argv])
    except ConfigurationError as error:
        fail(str(error))
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        fail(f"database unavailable (check DATABASE_URL): {first_line}")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
