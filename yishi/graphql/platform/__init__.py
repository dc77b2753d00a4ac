"""The platform API on the public host: every organisation's public data, schema by schema."""
