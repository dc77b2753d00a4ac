"""The committed SDL is the API's contract: any change to the schema shows up in review."""

from pathlib import Path

import pytest

from yishi.graphql.api import platform_schema, schema

HERE = Path(__file__).resolve().parents[2] / "yishi" / "graphql"


@pytest.mark.parametrize("name, built", [("schema.graphql", schema), ("platform.graphql", platform_schema)])
def test_the_committed_schema_matches_the_code(name, built):
    variable = "schema" if name == "schema.graphql" else "platform_schema"
    assert (HERE / name).read_text() == str(built), (
        f"yishi/graphql/{name} is out of date: run "
        f"`yishi graphql_schema --schema yishi.graphql.api.{variable} --out yishi/graphql/{name}` "
        "and review the difference (a removed or changed field needs a deprecation first)"
    )
