"""Reading and writing pack YAML."""

import re
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .validate import PackError


class PackInvalid(ValueError):
    """A pack that cannot be applied; `errors` lists every problem."""

    def __init__(self, errors: list[PackError]):
        self.errors = errors
        count = len(errors)
        heading = ngettext("制度包有 %(count)d 处错误：", "制度包有 %(count)d 处错误：", count) % {"count": count}
        super().__init__(heading + "\n" + "\n".join(map(str, errors)))


class PackLoader(yaml.SafeLoader):
    """YAML 1.1 without its surprises: dates stay strings for the schema, and 15:00 is not the integer 900."""


PackLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
PackLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?0|[-+]?[1-9][0-9_]*)$"), list("-+0123456789")
)
PackLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+)$"),
    list("-+0123456789."),
)


def load_pack(text: str) -> dict:
    """Parse pack YAML (or JSON); a syntax error is a PackInvalid naming the line."""
    try:
        data = yaml.load(text, Loader=PackLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", error)
        raise PackInvalid([PackError(where, _("不是有效的 YAML：%(error)s") % {"error": problem})]) from None
    if not isinstance(data, dict):
        raise PackInvalid([PackError("", _("制度包应为含 regulations 列表的映射"))])
    return data


def read_pack(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise PackInvalid([PackError(str(path), _("无法读取：%(error)s") % {"error": error.strerror})]) from None
    return load_pack(text)


def dump_pack(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
