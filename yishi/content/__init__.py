"""Regulations, meeting types, rule snapshots, the working-day calendar and regulation packs."""
