"""API keys: one organisation's portals and apps authenticate with them (`Authorization: Bearer`)."""
