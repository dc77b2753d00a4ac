from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# The agenda's questions about recusals and advice (agenda/signals.py). Module level: a receiver
# defined inside ready() is held by a weak reference and collected.
def withheld_topics(sender, user, **kwargs):
    from .models import Recusal

    return Recusal.objects.filter(person__user=user).values("agenda_item__topic_id")


def prior_research_advised(sender, topic, **kwargs):
    from .models import Decision

    return Decision.objects.filter(record__agenda_item__topic=topic, outcome=Decision.Outcome.ADVISE_APPROVE).exists()


class DeliberationConfig(AppConfig):
    name = "yishi.workflows.deliberation"
    label = "deliberation"
    verbose_name = _("会议记录与决定")

    def ready(self):
        from yishi.workflows.agenda import signals

        signals.withheld_topics.connect(withheld_topics, dispatch_uid="deliberation-recusals")
        signals.prior_research_advised.connect(prior_research_advised, dispatch_uid="deliberation-advice")
