from collections import defaultdict

from yishi.content.models import RuleSnapshot
from yishi.content.rules import MeetingRules

from ..core.dataloaders import DataLoader


class RulesInForceLoader(DataLoader):
    """(meeting type slug, date) → the MeetingRules in force that day, for any number of keys in one query.

    The same choice as yishi.content.rules.rules_in_force (the version that took effect last wins),
    made in Python over every snapshot of the slugs asked for, so meetings on many dates cost one query.
    """

    def batch_load(self, keys):
        snapshots = defaultdict(list)
        for snapshot in (RuleSnapshot.objects.filter(meeting_type_slug__in={slug for slug, _ in keys})
                         .select_related("version").order_by("-version__effective_from", "-version_id")):
            snapshots[snapshot.meeting_type_slug].append(snapshot)
        found = []
        for slug, day in keys:
            snapshot = next((s for s in snapshots[slug] if s.version.effective_from <= day
                             and (s.version.effective_until is None or s.version.effective_until >= day)), None)
            found.append(MeetingRules.from_snapshot(snapshot) if snapshot else None)
        return found
