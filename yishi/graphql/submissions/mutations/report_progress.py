import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from yishi.workflows.supervision.actions import report_progress
from yishi.workflows.supervision.models import ActionItem

from ...meetings.resolvers import LATEST_PROGRESS
from ...meetings.types import ActionItem as ActionItemType
from ..base import SubmissionMutation
from ..enums import SubmissionErrorCode
from ..types import ProgressResult


class ReportActionItemProgress(SubmissionMutation):
    """进展反馈 on an action item, by its owner or the owner department's head."""

    class Arguments:
        item = graphene.ID(required=True, description="督办事项（ActionItem 的 id）")
        text = graphene.String(required=True, description="进展情况")
        percent = graphene.Int(default_value=0, description="完成进度 0–100")

    class Meta:
        error_fields = {NON_FIELD_ERRORS: "item"}  # a state that allows no report (changed meanwhile)

    progress = graphene.Field(ProgressResult)
    action_item = graphene.Field(ActionItemType, description="反馈后的督办事项")

    @classmethod
    def perform_mutation(cls, root, info, item, text, percent=0):
        actor = cls.actor(info)
        action_item = ActionItem.objects.select_related("meeting").filter(
            pk=cls.pk_of(item, "ActionItem", "item")).first()
        if action_item is None:
            raise ValidationError({"item": ValidationError("督办事项不存在 (no such action item)",
                                                           code=SubmissionErrorCode.NOT_FOUND)})
        report = report_progress(action_item, user=actor, text=text, percent=percent)
        # Read again as the ActionItem type reads items: with its latest progress.
        updated = ActionItem.objects.select_related("owner_department").annotate(**LATEST_PROGRESS).get(
            pk=action_item.pk)
        return cls(errors=[], progress=ProgressResult(percent=report.percent, item_state=updated.state),
                   action_item=updated)
