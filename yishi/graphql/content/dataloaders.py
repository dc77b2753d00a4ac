from yishi.content.rules import published_versions

from ..core.dataloaders import DataLoader


class RevisionsLoader(DataLoader):
    """Regulation (page) pk → its published versions, oldest first."""

    def batch_load(self, keys):
        history = published_versions(keys)
        return [history[key] for key in keys]
