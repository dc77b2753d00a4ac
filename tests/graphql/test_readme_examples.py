"""Every GraphQL example in the README validates, limits included, against the schema it is for."""

import re
from pathlib import Path

import pytest

from yishi.graphql.api import platform_schema, schema
from yishi.graphql.core.validation import prepare

README = Path(__file__).resolve().parents[2] / "README.md"


def examples() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)
    # A block holds one or more documents, each introduced by a `#` comment line or the block start.
    chunks = [chunk for block in blocks for chunk in re.split(r"^#.*$", block, flags=re.M)]
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def test_the_readme_has_examples():
    assert len(examples()) >= 5  # the parsing found them


@pytest.mark.parametrize("document", examples())
def test_each_readme_example_is_valid_on_the_organisation_or_the_platform_host(document):
    errors = {name: prepare(api.graphql_schema, document).errors
              for name, api in (("organisation", schema), ("platform", platform_schema))}
    assert not all(errors.values()), errors
