"""The office in a real browser (Chromium through Playwright) against gunicorn: open a submitted
topic, return it with a reason, see the new state and the audit entry."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import sync_playwright

from tests.support import database_url, gunicorn_server
from tests.workflows.agenda_people import SLUG, meeting_on, organisation
from yishi.tenants.provisioning import create_organisation
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Topic

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def committed(organisations, django_db_blocker):
    """An organisation of its own with committed rows (the server is another process); dropped after,
    so the shared organisations A and B keep only what their tests roll back."""
    with django_db_blocker.unblock():
        tenant = create_organisation("org-browser", "浏览器测试单位")
        with tenant_context(tenant):
            org = organisation()
            today = timezone.localdate()
            # a Tuesday: the planner may already have made the Mondays of the weekly cadence (on commit)
            meeting_on((today + dt.timedelta(days=15 - today.weekday())).isoformat())
            topic = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="会议室改造",
                                         content={"background": "老化", "proposal": "改造"})
            actions.transition_topic(topic, "submit", actor=org.users.head)
        url = database_url()
    try:
        yield tenant, topic, url
    finally:
        with django_db_blocker.unblock():
            tenant.delete(force_drop=True)


def test_the_office_returns_a_topic_with_a_reason_in_a_browser(committed, django_db_blocker):
    tenant, topic, url = committed
    with django_db_blocker.unblock():
        host = tenant.primary_host  # no database inside Playwright's event loop (Django refuses)
    with gunicorn_server(url) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")  # the office works in Chinese
            base = f"http://{host}:{port}"
            page.goto(f"{base}/admin/login/")
            page.fill("input[name=username]", "secretary")
            page.fill("input[name=password]", "x")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")
            page.goto(f"{base}/admin/yishi/topics/{topic.pk}/")
            assert page.inner_text("#topic-state") == "已报送"
            assert page.locator("form[data-transition=accept]").count() == 1  # the office may accept …
            assert page.locator("form[data-transition=withdraw]").count() == 1
            returning = page.locator("form[data-transition=return]")
            returning.locator("textarea[name=comment]").fill("请补充数据支撑")
            returning.locator("button[type=submit]").click()
            page.wait_for_load_state()
            assert page.inner_text("#topic-state") == "已退回"
            assert "已办理" in page.inner_text("body")  # the message after the redirect
            entry = page.locator("#topic-events tbody tr").last.inner_text()
            assert "赵秘书" in entry and "退回" in entry and "请补充数据支撑" in entry  # people by name
            assert page.locator("form[data-transition=return]").count() == 0  # nothing to return any more
        finally:
            browser.close()
    with django_db_blocker.unblock(), tenant_context(tenant):
        assert Topic.objects.get(pk=topic.pk).state == "returned"
