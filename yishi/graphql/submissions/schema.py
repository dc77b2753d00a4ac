import graphene

from yishi.workflows.attendance.actions import suggest_delegate

from ..core.nodes import key_of, pk
from .mutations.report_progress import ReportActionItemProgress
from .mutations.request_leave import RequestLeave
from .mutations.sign_in import SignIn
from .mutations.submit_topic import SubmitTopic
from .resolvers import may_see_people, own_invitations
from .types import Person


class Query(graphene.ObjectType):
    suggested_delegate = graphene.Field(
        Person, invitation=graphene.ID(required=True, description="你的参会邀请（Invitation 的 id）"),
        description="请假时建议的委托参会人：该岗位 AB 岗名单中下一位未请假的 B 岗；"
                    "仅对本人、且需 read_internal",
    )

    @staticmethod
    def resolve_suggested_delegate(root, info, invitation):
        key = key_of(invitation, "Invitation")
        found = own_invitations(info).filter(pk=pk(key)).first() if key is not None else None
        return suggest_delegate(found) if found is not None and may_see_people(info) else None


class Mutation(graphene.ObjectType):
    submit_topic = SubmitTopic.Field()
    request_leave = RequestLeave.Field()
    sign_in = SignIn.Field()
    report_action_item_progress = ReportActionItemProgress.Field()
