"""Organisations and their domains (public schema), provisioning and demo data."""
