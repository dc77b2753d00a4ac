"""Applying a pack: validated whole first, then written in one transaction, changing only what differs."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from yishi.content.blocks import new_anchor
from yishi.content.calendar.service import override_changes, replace_overrides
from yishi.content.models import MeetingType, RegulationIndexPage, RegulationPage
from yishi.content.validation import fill_defaults
from yishi.tenants.structure.models import Department, Post

from .export import export_regulation
from .io import PackInvalid
from .validate import validate_pack


@dataclass
class ApplyReport:
    """Regulation slugs by what happened to them."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        return f"created {len(self.created)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}"


def _upsert(model, slug: str, values: dict):
    obj = model.objects.filter(slug=slug).first() or model(slug=slug)
    if obj.pk is None or any(getattr(obj, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
    return obj


def _apply_structure(organisation: dict) -> None:
    """Create or update departments and posts by slug; nothing absent from the pack is deleted."""
    departments = {d["slug"]: _upsert(Department, d["slug"], {"name": d["name"]}) for d in organisation["departments"]}
    for data in organisation["departments"]:
        parent = departments.get(data["parent"]) or Department.objects.filter(slug=data["parent"]).first()
        _upsert(Department, data["slug"], {"parent_id": parent.pk if parent else None})
    for data in organisation["posts"]:
        department = Department.objects.filter(slug=data["department"]).first() if data["department"] else None
        _upsert(Post, data["slug"], {"name": data["name"], "department_id": department.pk if department else None})


def _articles_with_anchors(articles: list[dict], previous: list[dict]) -> list[dict]:
    # An article without an anchor keeps the one its position had, so re-applying a pack written
    # without anchors does not make a new revision each time.
    result = []
    for position, article in enumerate(articles):
        anchor = article.get("anchor") or (previous[position]["anchor"] if position < len(previous) else new_anchor())
        result.append({**article, "anchor": anchor})
    return result


def _desired_body(regulation: dict, current: dict | None) -> dict:
    current = current or {}
    if "chapters" in regulation:
        old_chapters = current.get("chapters", [])
        return {"chapters": [
            {**chapter, "articles": _articles_with_anchors(
                chapter["articles"], old_chapters[i]["articles"] if i < len(old_chapters) else [])}
            for i, chapter in enumerate(regulation["chapters"])
        ]}
    articles = regulation.get("articles")
    if articles is None:  # plain text: one article per non-empty line
        articles = [{"text": line.strip()} for line in regulation.get("body", "").splitlines() if line.strip()]
    articles = fill_defaults(articles, {"type": "array", "items": {"$ref": "#/$defs/article"}})
    return {"articles": _articles_with_anchors(articles, current.get("articles", []))}


def _stream(body: dict) -> list[dict]:
    def article(data):
        return {"type": "article", "value": data}

    if "chapters" in body:
        return [{"type": "chapter", "value": chapter} for chapter in body["chapters"]]
    return [article(data) for data in body["articles"]]


def _canonical(regulation: dict, current: dict | None) -> dict:
    """The pack's regulation in exactly the form `export_regulation` produces."""
    keys = ("slug", "title", "document_number", "issuing_body", "adopted_at", "effective_from", "effective_until",
            "status", "supersedes", "numbering")
    return {
        **{key: regulation[key] for key in keys},
        **_desired_body(regulation, current),
        "meeting_types": [fill_defaults(m, {"$ref": "#/$defs/meeting_type"}) for m in regulation["meeting_types"]],
        "matters": regulation["matters"],
    }


def _write(index: RegulationIndexPage, page: RegulationPage, desired: dict) -> None:
    for key in ("title", "document_number", "issuing_body", "adopted_at", "status", "numbering"):
        setattr(page, key, desired[key])
    page.effective_from = date.fromisoformat(desired["effective_from"])
    page.effective_until = date.fromisoformat(desired["effective_until"]) if desired["effective_until"] else None
    page.supersedes = (RegulationPage.objects.child_of(index).get(slug=desired["supersedes"])
                       if desired["supersedes"] else None)
    body = {key: desired[key] for key in ("chapters", "articles") if key in desired}
    page.body = _stream(body)
    page.meeting_types = [MeetingType.from_pack(data, sort_order=order)
                          for order, data in enumerate(desired["meeting_types"])]
    page.matters = desired["matters"]


def _apply_regulation(index: RegulationIndexPage, regulation: dict, *, publish: bool, user, report) -> None:
    page = RegulationPage.objects.child_of(index).filter(slug=regulation["slug"]).first()
    if page is None:
        page = RegulationPage(slug=regulation["slug"], live=False)  # live only once published
        desired = _canonical(regulation, None)
        _write(index, page, desired)
        index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        report.created.append(page.slug)
        return
    latest = page.get_latest_revision_as_object()
    current = export_regulation(latest)
    desired = _canonical(regulation, current)
    if desired == current:
        published = page.live and not page.has_unpublished_changes
        if not publish or published:
            report.unchanged.append(page.slug)
            return
        page.get_latest_revision().publish(user=user)
    else:
        _write(index, latest, desired)
        revision = latest.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    report.updated.append(page.slug)


@dataclass(frozen=True)
class Change:
    """One change a pack makes besides its regulations, with the model permission it needs."""

    section: str  # "structure" or "calendar"
    permission: str  # "app_label.codename"
    text: str


def _validated(data: dict, index: RegulationIndexPage) -> dict:
    """The pack with its defaults filled in, or PackInvalid listing every problem."""
    errors = validate_pack(
        data,
        posts=set(Post.objects.values_list("slug", flat=True)),
        departments=set(Department.objects.values_list("slug", flat=True)),
        regulations=set(RegulationPage.objects.child_of(index).values_list("slug", flat=True)),
        meeting_types=dict(MeetingType.objects.values_list("slug", "page__slug")),
    )
    if errors:
        raise PackInvalid(errors)
    return fill_defaults(data)


def _structure_changes(organisation: dict) -> list[Change]:
    """What `_apply_structure` would write, one line per created row or changed field."""
    departments = {d.slug: d for d in Department.objects.select_related("parent")}
    posts = {p.slug: p for p in Post.objects.select_related("department")}
    names = {**{slug: d.name for slug, d in departments.items()},
             **{d["slug"]: d["name"] for d in organisation["departments"]}}
    return (_row_changes("department", _("科室"), departments, organisation["departments"], "parent", _("上级"), names)
            + _row_changes("post", _("岗位"), posts, organisation["posts"], "department", _("所属科室"), names))


def _row_changes(model: str, noun: str, rows: dict, declared: list[dict], relation: str, relation_label: str,
                 department_names: dict) -> list[Change]:
    changes = []
    for data in declared:
        row = rows.get(data["slug"])
        if row is None:
            changes.append(Change("structure", f"structure.add_{model}", _("新增%(noun)s：%(name)s（%(slug)s）") % {
                "noun": noun, "name": data["name"], "slug": data["slug"]}))
            continue
        related = getattr(row, relation)
        if row.name != data["name"]:
            changes.append(_changed(model, noun, row.slug, _("名称"), row.name, data["name"]))
        if (related.slug if related else None) != data[relation]:
            changes.append(_changed(model, noun, row.slug, relation_label, related.name if related else _("无"),
                                    department_names.get(data[relation]) if data[relation] else _("无")))
    return changes


def _changed(model: str, noun: str, slug: str, field: str, old: str, new: str) -> Change:
    return Change("structure", f"structure.change_{model}", _("%(noun)s %(slug)s 的%(field)s：%(old)s → %(new)s") % {
        "noun": noun, "slug": slug, "field": field, "old": old, "new": new})


def _calendar_changes(entries: list[dict]) -> list[Change]:
    """What `replace_overrides` would write: every added, changed and deleted override."""
    texts = {"add": _("新增日历调整：%(date)s %(kind)s %(name)s"),
             "change": _("修改日历调整：%(date)s 改为%(kind)s %(name)s"),
             "delete": _("删除日历调整：%(date)s %(kind)s %(name)s")}
    return [
        Change("calendar", f"localcalendar.{action}_calendaroverride", texts[action] % {
            "date": day.isoformat(), "kind": _("上班") if workday else _("放假"), "name": name})
        for action, days in override_changes(entries).items() for day, workday, name in days
    ]


def pack_changes(data: dict) -> list[Change]:
    """What applying `data` would change in the organisation's structure and calendar (PackInvalid if invalid).

    The admin import shows these for confirmation and requires their permissions: applying a pack
    there otherwise creates regulation drafts only.
    """
    pack = _validated(data, RegulationIndexPage.objects.get())
    changes = _structure_changes(pack["organisation"]) if "organisation" in pack else []
    return changes + (_calendar_changes(pack["calendar"]) if "calendar" in pack else [])


def apply_pack(data: dict, *, publish: bool = True, force_draft: bool = False, user=None) -> ApplyReport:
    """Apply a pack to the current organisation: everything or, if anything is invalid, nothing.

    Regulations are matched by slug. An unchanged regulation gets no new revision; a changed one gets
    a new revision, published unless `publish` is false or `force_draft` is set (the importer drafts).
    Departments and posts are created or updated by slug, never deleted; a `calendar` section replaces
    the organisation's calendar overrides (`pack_changes` lists both beforehand).
    """
    with transaction.atomic():
        index = RegulationIndexPage.objects.get()
        pack = _validated(data, index)
        report = ApplyReport()
        if "organisation" in pack:
            _apply_structure(pack["organisation"])
        for regulation in pack["regulations"]:
            _apply_regulation(index, regulation, publish=publish and not force_draft, user=user, report=report)
        if "calendar" in pack:  # a pack that lists overrides states them all; one without leaves them be
            replace_overrides(pack["calendar"])
    return report
