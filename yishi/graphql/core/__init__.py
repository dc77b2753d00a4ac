"""What every domain's GraphQL package builds on: limits, errors, permissions, pagination, loaders."""
