"""Scheduling: meetings materialised from each meeting type's cadence and the working-day calendar."""
