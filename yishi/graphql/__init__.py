"""The GraphQL API: one package per domain (types, schema), assembled in api.py."""
