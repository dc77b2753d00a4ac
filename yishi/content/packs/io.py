"""Reading and writing pack YAML."""

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.template.defaultfilters import filesizeformat
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
    """YAML 1.1 without its surprises: dates stay strings for the schema, and 15:00 is not the integer 900.

    Aliases are counted as they are read (YISHI_PACK_MAX_ALIASES): a few bytes of nested aliases
    ("billion laughs") otherwise stand for millions of nodes.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > settings.YISHI_PACK_MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise PackInvalid([PackError(f"line {mark.line + 1}", _(
                    "YAML 别名（*引用）超过 %(limit)d 个（YISHI_PACK_MAX_ALIASES）"
                ) % {"limit": settings.YISHI_PACK_MAX_ALIASES})])
        return super().compose_node(parent, index)


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


def _too_large(message: str, limit) -> PackInvalid:
    return PackInvalid([PackError("", message % {"limit": limit})])


def _expanded_nodes(node, counted: dict, path: set) -> int:
    """Nodes under `node` with every alias expanded, stopping at YISHI_PACK_MAX_NODES or a loop."""
    if node in counted:
        return counted[node]
    if node in path:
        raise PackInvalid([PackError(f"line {node.start_mark.line + 1}", _("YAML 别名引用了自身（循环引用）"))])
    path.add(node)
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else [])
    total = 1 + sum(_expanded_nodes(child, counted, path) for child in children)
    path.discard(node)
    if total > settings.YISHI_PACK_MAX_NODES:
        raise _too_large(_("制度包展开后超过 %(limit)d 个节点（YISHI_PACK_MAX_NODES）"), settings.YISHI_PACK_MAX_NODES)
    counted[node] = total
    return total


def load_pack(text: str) -> dict:
    """Parse pack YAML (or JSON) within the limits; a syntax error is a PackInvalid naming the line."""
    if len(text.encode("utf-8")) > settings.YISHI_PACK_MAX_BYTES:
        limit = filesizeformat(settings.YISHI_PACK_MAX_BYTES)
        raise _too_large(_("制度包超过 %(limit)s（YISHI_PACK_MAX_BYTES）"), limit)
    loader = PackLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _expanded_nodes(node, {}, set())
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", error)
        raise PackInvalid([PackError(where, _("不是有效的 YAML：%(error)s") % {"error": problem})]) from None
    except RecursionError:  # the parser recurses once per level of nesting
        raise PackInvalid([PackError("", _("YAML 嵌套层次过深"))]) from None
    finally:
        loader.dispose()
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
