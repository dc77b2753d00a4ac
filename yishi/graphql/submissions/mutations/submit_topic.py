import graphene
from django.utils import timezone

from yishi.workflows.agenda.actions import create_topic, transition_topic
from yishi.workflows.scheduling.models import Meeting

from ..base import SubmissionMutation
from ..types import Topic


class SubmitTopic(SubmissionMutation):
    """报送议题: create the topic and submit it for the office's formal review, in one step."""

    class Arguments:
        meeting_type_slug = graphene.String(required=True, description="会议类型标识")
        title = graphene.String(required=True)
        content = graphene.JSONString(description="规则要求的字段，如 {\"background\": …, \"proposal\": …}")
        ordering_class = graphene.String(description="排序类别")
        meeting = graphene.ID(description="申请上会的会议（Meeting 的 id）；不填则按截止时间安排")

    topic = graphene.Field(Topic)

    @classmethod
    def perform_mutation(cls, root, info, meeting_type_slug, title, content=None, ordering_class="", meeting=None):
        actor = cls.actor(info)
        requested = None
        if meeting is not None:
            # Looked up in this organisation's schema only; create_topic checks type, state and date.
            requested = Meeting.objects.filter(pk=cls.pk_of(meeting, "Meeting", "meeting")).first()
        topic = create_topic(actor=actor, meeting_type_slug=meeting_type_slug, title=title,
                             content=content if isinstance(content, dict) else None,
                             ordering_class=ordering_class or "", meeting=requested, now=timezone.now())
        transition_topic(topic, "submit", actor=actor)
        return cls(errors=[], topic=topic)
