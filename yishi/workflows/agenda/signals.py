"""What the deliberation module, above this one, adds to the agenda's rules; it connects its receivers
in its AppConfig.ready(), so the agenda asks without importing it. Callers combine the answers:

    withheld_topics.send(sender=Topic, user=…)         → querysets of topic ids whose materials `user`
                                                          may not read (回避)
    prior_research_advised.send(sender=Topic, topic=…) → True when a meeting advised approving `topic`
                                                          (建议同意)
"""

from django.dispatch import Signal

withheld_topics = Signal()
prior_research_advised = Signal()
