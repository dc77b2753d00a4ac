from yishi.content.rules import rules_in_force_on

from ..core.dataloaders import DataLoader


class RulesInForceLoader(DataLoader):
    """(meeting type slug, date) → the MeetingRules in force that day; meetings on many dates cost one query."""

    def batch_load(self, keys):
        found = rules_in_force_on(keys)
        return [found[key] for key in keys]
