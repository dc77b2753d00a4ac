"""Each organisation's departments, posts, people and A/B post rosters (tenant schema)."""
