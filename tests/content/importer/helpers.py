"""Shared helpers for the importer tests: find rules and flags, validate packs against the schema."""

from pathlib import Path

import pytest

from yishi.content.validation import schema_errors

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples"


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"development sample {path} not present")
    return path


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def meeting_type(result, name: str):
    for regulation in result.report.regulations:
        for found in regulation.meeting_types:
            if found.name == name:
                return found
    names = [t.name for r in result.report.regulations for t in r.meeting_types]
    raise AssertionError(f"no meeting type {name}: {names}")


def packed(result, name: str) -> dict:
    for regulation in result.pack["regulations"]:
        for found in regulation["meeting_types"]:
            if found["name"] == name:
                return found
    raise AssertionError(f"no meeting type {name} in the pack")


def rule_values(found, field: str) -> list:
    return [rule.value for rule in found.rules if rule.field == field]


def flagged(found, field: str) -> list:
    return [flag for flag in found.flags if flag.field.startswith(field)]


def post_slug(result, name: str) -> str:
    return next(post["slug"] for post in result.pack["organisation"]["posts"] if post["name"] == name)


def assert_valid(pack: dict) -> None:
    assert schema_errors(pack) == []

