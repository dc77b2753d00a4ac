"""The acceptance test of issue 13: one meeting from a regulation change to supervision, done in a
real browser (Debian's Chromium through Playwright) by six logged-in people, against gunicorn with a
real Celery worker and beat. No shell, no direct call of an action, no fixture that sets a state: the
fixture only gives the organisation its rules and people, as an office would on its first day.

The rules are the office-meeting rules of tests/workflows/agenda_people.py, with a meeting today
40 minutes from now and a topic deadline a few minutes away, so the beat (every 5 s) compiles the
agenda while the test watches. Screenshots of every open page are kept when it fails."""

import datetime as dt
import io
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
import requests
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import expect, sync_playwright

from tests.support import database_url, gunicorn_server, wait_for
from tests.workflows.agenda_people import _person, _user, organisation
from tests.workflows.test_admin_browser import CHROMIUM, CHROMIUM_ARGS
from yishi.content.calendar.local.models import CalendarOverride
from yishi.content.models import RegulationPage
from yishi.tenants.provisioning import create_organisation
from yishi.tenants.structure.groups import group

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DEADLINE_MINUTES = 4  # time enough to publish the change and review the topic before the agenda compiles


def meeting_rules(starts: dt.datetime, deadline: dt.datetime) -> dict:
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][starts.weekday()]
    return {
        "cadence": {"rrule": f"FREQ=WEEKLY;BYDAY={weekday}", "time": f"{starts:%H:%M}", "holiday_policy": "keep",
                    "duration_minutes": 120, "location": "三楼会议室"},
        "topics": {"deadline": {"kind": "workdays_before", "days": 0, "time": f"{deadline:%H:%M}"},
                   "required_fields": ["title", "background", "proposal"],
                   "ordering_classes": ["urgent_important", "important", "urgent"]},
        "attendance": {"arrive_early_minutes": 10, "leave_lead_hours": 0, "sign_in_opens_minutes": 120,
                       "leave_approver": {"post": "director"}, "delegation": "allowed"},
        "minutes": {"required": True, "reviewer": {"post": "director"}},
    }


@pytest.fixture(scope="module")
def stack(organisations, django_db_blocker, tmp_path_factory):
    """An organisation with committed rules and people, gunicorn, a worker and a beat on its own queue."""
    now = timezone.localtime(timezone.now(), SHANGHAI).replace(second=0, microsecond=0)
    starts, deadline = now + dt.timedelta(minutes=40), now + dt.timedelta(minutes=DEADLINE_MINUTES)
    with django_db_blocker.unblock():
        tenant = create_organisation("org-cycle", "验收测试中心")
        with tenant_context(tenant):
            org = organisation(**meeting_rules(starts, deadline))
            org.users.deputy_b.groups.add(group("members"))  # the B holder signs in to the admin as a member
            org.users.supervisor = _user("supervisor", "supervisors")
            _person("吴督查", org.users.supervisor, department="office")
            for day in {now.date(), starts.date()}:  # a working day, whatever day the test runs on
                CalendarOverride.objects.update_or_create(date=day, defaults={"is_workday": True, "name": "验收"})
            regulation = RegulationPage.objects.get(slug="office-meeting-rules").pk
        host, url = tenant.primary_host, database_url()
    static = tmp_path_factory.mktemp("static")
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "yishi"), "collectstatic", "--noinput"],
                   env={**os.environ, "YISHI_STATIC_ROOT": str(static)}, check=True, capture_output=True)
    queue = f"cycle-{os.getpid()}"  # never a queue a run before left tasks in
    env = {**os.environ, "DATABASE_URL": url, "YISHI_CELERY_QUEUE": queue, "YISHI_BEAT_EVERY_SECONDS": "5",
           "YISHI_STATIC_ROOT": str(static), "YISHI_MEDIA_ROOT": str(tmp_path_factory.mktemp("media"))}
    beat_file = tmp_path_factory.mktemp("beat") / "schedule"
    celery = [sys.executable, "-m", "celery", "-A", "yishi.platform.celery"]
    processes = []
    try:
        with gunicorn_server(url, env={key: env[key] for key in ("YISHI_CELERY_QUEUE", "YISHI_STATIC_ROOT",
                                                                  "YISHI_MEDIA_ROOT")}) as port:
            env["PORT"] = str(port)  # the links the worker writes into notices
            processes += [
                subprocess.Popen([*celery, "worker", "--pool", "prefork", "--concurrency", "2", "--loglevel",
                                  "WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
                                 env=env, start_new_session=True),
                subprocess.Popen([*celery, "beat", "--loglevel", "WARNING", "--schedule", str(beat_file)], env=env,
                                 start_new_session=True),
            ]
            yield {"tenant": tenant, "base": f"http://{host}:{port}", "host": host, "port": port,
                   "regulation": regulation, "org": org, "starts": starts, "deadline": deadline}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        with django_db_blocker.unblock():
            tenant.delete(force_drop=True)


class People:
    """One browser context (its own cookies) per person, logged in on first use."""

    def __init__(self, browser, base: str, shots: Path):
        self.browser, self.base, self.shots, self.pages = browser, base, shots, {}

    def __call__(self, username: str):
        if username not in self.pages:
            page = self.browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
            page.set_default_timeout(20_000)
            page.goto(f"{self.base}/admin/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "x")
            page.click("button[type=submit]")
            page.wait_for_url(f"{self.base}/admin/")
            self.pages[username] = page
        return self.pages[username]

    def screenshots(self):
        for name, page in self.pages.items():
            page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


def portal(stack, query: str) -> dict:
    """An external portal's GraphQL request (anonymous) to the organisation's host."""
    return requests.post(f"http://127.0.0.1:{stack['port']}/graphql/", json={"query": query},
                         headers={"Host": f"{stack['host']}:{stack['port']}"}, timeout=30).json()


def click_in_menu(page, selector: str):
    """Buttons of Wagtail's footer dropdown: pressed as the user's click would, menu open or not."""
    page.locator(selector).first.dispatch_event("click")


def test_a_whole_meeting_in_the_browser(stack, tmp_path):
    base = stack["base"]
    stack["tmp"] = tmp_path
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        people = People(browser, base, tmp_path)
        try:
            walk(people, stack)
        except BaseException:
            people.screenshots()
            print(f"screenshots in {tmp_path}")
            raise
        finally:
            browser.close()


def walk(people, stack):
    base = stack["base"]
    # 1. The office changes the regulation; 办公室审核 and 领导审批 (制度审批) publish it.
    office = people("secretary")
    office.goto(f"{base}/admin/pages/{stack['regulation']}/edit/")
    office.fill("#id_title", "处务会议事规则（2026年修订）")
    click_in_menu(office, "button[name=action-submit]")
    expect(office.locator(".messages")).to_contain_text("已经提交进行审核")
    office.goto(f"{base}/admin/pages/{stack['regulation']}/edit/")
    approve = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    click_in_menu(office, approve)
    office.wait_for_url(f"{base}/admin/pages/*/")
    director = people("director")
    director.goto(f"{base}/admin/pages/{stack['regulation']}/edit/")
    click_in_menu(director, approve)
    director.wait_for_url(f"{base}/admin/pages/*/")
    # The portal reads the published change.
    published = portal(stack, "{ regulations { title } }")
    assert published == {"data": {"regulations": [{"title": "处务会议事规则（2026年修订）"}]}}

    # 2. The department head files a topic with an attachment; the office reviews, the director approves.
    head = people("head")
    topic_url = file_topic(head, base, stack["tmp"])
    office.goto(topic_url)
    office.click("form[data-transition=accept] button")
    expect(office.locator("#topic-state")).to_have_text("已通过形式审核")
    director.goto(f"{base}/admin/")
    director.click("#todo-panel a:has-text('审定议题：窗口延时服务方案')")
    director.click("form[data-transition=approve] button")
    expect(director.locator("#topic-state")).to_have_text("已审定")

    # 3. At the deadline the beat compiles the agenda; the office confirms it, the director approves it.
    office.goto(f"{base}/admin/yishi/meetings/")
    office.locator(f"tr:has-text('{stack['starts']:%Y-%m-%d %H:%M}') a").first.click()
    meeting_url = office.url
    wait_for(lambda: reload_has(office, "#agenda", "窗口延时服务方案"),
             timeout=DEADLINE_MINUTES * 60 + 120, interval=5)
    office.click("#reorder-form button")
    office.click("form.agenda-step button:has-text('办公室确认')")
    director.goto(meeting_url)
    director.click("form.agenda-step button:has-text('领导审定')")
    expect(director.locator("#meeting-status")).to_contain_text("领导已审定")

    # 4. A member reads the notice in the inbox and asks leave, delegating his B post holder.
    deputy = people("deputy")
    deputy.goto(f"{base}/admin/")
    read_notice(deputy, base, "关于召开处务会的通知", "三楼会议室")
    deputy.goto(meeting_url)
    deputy.click("a:has-text('我要请假')")
    deputy.fill("textarea[name=reason]", "赴省厅参加培训")
    deputy.select_option("select[name=delegate]", label="周副主任")
    deputy.click("button:has-text('提交请假申请')")
    expect(deputy.locator("#leave")).to_contain_text("赴省厅参加培训")

    # 5. The director decides it from his to-do list; the requester and the delegate are told.
    director.goto(f"{base}/admin/")
    director.click("#todo-panel a:has-text('审批请假：李副主任')")
    director.locator("#leave form:has(button:has-text('批准'))").first.locator("button").click()
    expect(director.locator("#leave")).to_contain_text("已批准")
    read_notice(deputy, base, "请假", "批准")
    stand_in = people("deputy_b")
    read_notice(stand_in, base, "请代", "处务会")

    # 6. Sign-in: the stand-in scans the QR code (its link), the secretary signs the director in.
    stand_in.goto(meeting_url)
    expect(stand_in.locator("#my-sign-in svg")).to_be_visible()
    stand_in.click("#sign-in-link")
    stand_in.click("button:has-text('确认签到')")
    expect(stand_in.locator("body")).to_contain_text("周副主任，已于")
    office.goto(meeting_url)
    chair = office.locator("#attendance tr:has(td:first-child:text-is('张主任'))")
    chair.locator("button:has-text('代为签到')").click()
    expect(chair).to_contain_text("出席")
    on_leave = office.locator("#attendance tr:has(td:first-child:text-is('李副主任'))")
    expect(on_leave).to_contain_text("委托参会")  # on leave, and the stand-in is in the room
    assert on_leave.locator("button").count() == 0  # no sign-in for a person on leave

    # 7. The meeting opens; attendance is frozen; opinions (the chair last) and the vote are recorded.
    office.click("button[value=open]")
    expect(office.locator("#meeting-status")).to_contain_text("进行中")
    office.click("button[value=freeze]")
    office.click("a:has-text('会议记录与决定')")
    office.select_option("select[name=agenda_item]", index=1)
    office.fill("textarea[name=summary]", "政务服务科汇报延时服务方案")
    office.click("form.yishi-open button")
    record = office.locator("section[id^=record-]").first
    opinion = record.locator("form.yishi-opinion")
    opinion.locator("select[name=person]").select_option(label="张主任")
    opinion.locator("select[name=stance]").select_option(index=0)
    opinion.locator("button").click()
    expect(office.locator(".messages")).to_contain_text("主持人须最后表态")
    for name in ("周副主任", "张主任"):
        opinion = office.locator("section[id^=record-] form.yishi-opinion").first
        opinion.locator("select[name=person]").select_option(label=name)
        opinion.locator("select[name=stance]").select_option(index=0)
        opinion.locator("button").click()
        expect(office.locator(".messages")).not_to_contain_text("须")
    decide = office.locator("section[id^=record-] form.yishi-decide").first
    office.locator("section[id^=record-] details summary:has-text('记录决定')").first.click()
    decide.locator("select[name=outcome]").select_option(index=0)
    decide.locator("textarea[name=text]").fill("同意窗口延时服务方案，自下月起实施")
    decide.locator("select[name=method]").select_option(label="举手表决")
    decide.locator("input[name=votes_for]").fill("2")
    decide.locator("button").click()
    expect(office.locator("section[id^=record-]").first).to_contain_text("应到 2 人，实到 2 人")
    office.locator("section[id^=record-] details summary:has-text('交办督办事项')").first.click()
    assign = office.locator("form.yishi-assign").first
    assign.locator("input[name=title]").fill("制定延时服务排班表")
    assign.locator("select[name=owner_department]").select_option(label="审批科")
    assign.locator("select[name=owner]").select_option(label="钱科长")
    assign.locator("input[name=due_workdays]").fill("5")
    assign.locator("button").click()
    expect(office.locator("section[id^=record-]").first).to_contain_text("制定延时服务排班表")

    # 8. The meeting closes: minutes drafted from the record; submitted; the director passes them and,
    # as the chair, signs them off (签发): then they are numbered and issued.
    office.goto(meeting_url)
    office.click("button[value=close]")
    expect(office.locator("#meeting-status")).to_contain_text("已召开")
    expect(office.locator("#minutes")).to_contain_text("起草中")
    office.click("#minutes button:has-text('提交审核')")
    director.goto(f"{base}/admin/")
    director.click("#todo-panel a:has-text('审核纪要')")
    director.click("#minutes button:has-text('审核通过')")
    director.fill("#minutes textarea[name=comment]", "同意印发")
    director.click("#minutes button:has-text('签发')")
    expect(director.locator("#minutes")).to_contain_text("已印发")
    expect(director.locator("#minutes-sign-off")).to_contain_text("同意印发——")
    wait_for(lambda: reload_has(director, "#minutes", "下载 PDF"), timeout=120, interval=3)
    check_documents(director)

    # 9. The owner reports progress with a file; the supervisor sees it on the board.
    head.goto(f"{base}/admin/")
    head.click("#todo-panel a:has-text('督办事项：制定延时服务排班表')")
    head.fill("textarea[name=text]", "排班表已拟定，待领导审阅")
    head.fill("input[name=percent]", "60")
    head.set_input_files("input[name=files]", files=[attachment("排班表.txt", "周一至周五 17:30-19:00")])
    head.click("form:has(textarea[name=text]) button")
    expect(head.locator("body")).to_contain_text("排班表已拟定")
    supervisor = people("supervisor")
    supervisor.goto(f"{base}/admin/supervision/board/")
    supervisor.click("a:has-text('制定延时服务排班表')")
    expect(supervisor.locator("body")).to_contain_text("排班表已拟定，待领导审阅")
    expect(supervisor.locator("body")).to_contain_text("60%")
    expect(supervisor.locator("body")).to_contain_text("排班表.txt")


def attachment(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def reload_has(page, selector: str, text: str) -> bool:
    page.reload()
    return text in page.locator(selector).inner_text()


def read_notice(page, base: str, subject: str, text: str):
    """Open the newest message whose subject has `subject` from the inbox; its text must have `text`."""
    page.goto(f"{base}/admin/notices/messages/")
    page.locator(f"a:has-text('{subject}')").first.click()
    expect(page.locator("main")).to_contain_text(text)


def file_topic(page, base: str, tmp: Path) -> str:
    page.goto(f"{base}/admin/topics/new/")  # one meeting type in force: its form at once
    page.fill("input[name=title]", "窗口延时服务方案")
    page.fill("textarea[name=background]", "群众反映下班后无法办事")
    page.fill("textarea[name=proposal]", "工作日延时至19:00")
    page.select_option("select[name=ordering_class]", label="重要但不紧急")
    page.set_input_files("input[name=attachments]", files=[attachment("方案.txt", "延时服务方案全文")])
    page.check("input[name=submit_now]")
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{base}/admin/topics/")
    page.locator("tr:has-text('窗口延时服务方案') a:has-text('办理与记录')").click()
    expect(page.locator("#topic-state")).to_have_text("已报送")
    expect(page.locator("body")).to_contain_text("方案.txt")
    return page.url


def check_documents(page):
    """Both downloads open: the DOCX with python-docx, the PDF with pypdf, each with the decision."""
    from docx import Document
    from pypdf import PdfReader

    def docx_text(data: bytes) -> str:
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)

    def pdf_text(data: bytes) -> str:
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    for label, read in (("下载 Word", docx_text), ("下载 PDF", pdf_text)):
        with page.expect_download() as info:
            page.click(f"#minutes a:has-text('{label}')")
        text = read(Path(info.value.path()).read_bytes())
        assert "同意窗口延时服务方案" in text and "纪要〔" in text and "签发：同意印发——" in text, label
