import graphene

from .mutations.report_progress import ReportActionItemProgress
from .mutations.request_leave import RequestLeave
from .mutations.sign_in import SignIn
from .mutations.submit_topic import SubmitTopic


class Mutation(graphene.ObjectType):
    submit_topic = SubmitTopic.Field()
    request_leave = RequestLeave.Field()
    sign_in = SignIn.Field()
    report_action_item_progress = ReportActionItemProgress.Field()
