"""Workflow modules that run each organisation's rules: one sub-package per module."""
