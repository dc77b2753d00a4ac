"""Settings, URLs, the Celery app, the `yishi` CLI and the embedded defaults."""
