"""The regulation review workflow: office review (办公室审核) → director approval (领导审批)."""

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from yishi.tenants.structure.groups import group

REVIEW_WORKFLOW = "制度审批"
REVIEW_STEPS = [("办公室审核", "office"), ("领导审批", "leaders")]


def ensure_review_workflow(root: Page) -> Workflow:
    """Create the two-step workflow and assign it to `root` and the pages below it (idempotent)."""
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    for order, (name, group_key) in enumerate(REVIEW_STEPS):
        task = GroupApprovalTask.objects.filter(name=name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=name)
        task.groups.set([group(group_key)])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
