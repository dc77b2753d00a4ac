"""Posts and departments named in the rules, and the ASCII slugs the pack refers to them by."""

import hashlib
import re
from dataclasses import dataclass, field

_POST_SUFFIXES = (
    "主任科员", "副主任", "主任", "副局长", "局长", "副书记", "书记", "副科长", "科长", "副处长", "处长",
    "副组长", "组长",
    "负责人", "首席代表", "副秘书长", "秘书长", "秘书", "文秘", "文员", "记录员", "领导", "领导人", "委员", "成员",
    "干部职工", "干部", "队长", "医生", "村医", "党员", "顾问", "师", "干事", "专员", "科员",
    "理事长", "理事", "监事长", "监事", "董事", "民警", "总厨", "调研员", "巡视员", "会长", "厂长", "馆长", "行长",
    "社长", "园长", "主管",
    "职工", "职员",
    "人员", "员工", "总裁", "总经理", "经理", "总监", "助理", "董事长", "院长", "所长", "站长", "主席", "部长", "厅长",
    "校长",
    "市长", "县长", "区长", "镇长", "乡长", "代表", "一把手", "主持人", "会计", "护士长", "上司",
)
_DEPARTMENT_SUFFIXES = (
    "办公室", "科室", "股室", "科", "室", "股", "组", "站", "部", "处", "中心", "管委会", "办", "主席团", "团委",
    "委员会", "村委会", "居委会", "办公厅",
)
# The organisation's own name in front of a post ("管理处主任", "局主要领导"): the post is the same without it.
# Words for whoever chairs the meeting: they refer to the chair rule, they name no post of their own.
CHAIR_WORDS = (
    "主持人", "会议主持人", "主持会议的领导", "主持会议的局领导", "会议负责人", "召集人", "会议召集人", "主持者",
)
_CHAIR_PHRASE = re.compile(r"^主持(?:本次)?会议的[\u4e00-\u9fff]{1,6}$")  # "主持会议的校领导", "主持会议的副局长"
_OWN_PREFIXES = (
    "管理处", "管理办", "中心", "本局", "局机关", "机关", "本单位", "单位", "市政府", "县政府", "区政府",
    "市政协", "县政协", "区政协", "政府", "当月", "会议", "总公司", "公司", "集团", "学院", "学校", "相关",
    "有关",
    "全体", "其他", "其它", "局", "各", "本",
)
# Left as written after an own prefix: too general alone ("局领导" is no "领导"), or another body's post.
_KEEP_PREFIX = re.compile(r"^(?:领导|成员|人员|干部|职工|职员|委员|同志|负责人)$|^属")  # "局属单位" stays whole
_ANOTHER_BODY = re.compile(r"^(?:党委|党组|纪委|党总支|团委)")  # "机关党委书记" is no "党委书记" of the 局
_NOT_A_ROLE = re.compile(
    r"的|根据|确定|等$|需要|相关|有关|其[他它](?:相关)?人员|指定|必要|邀请|一名|由其|^如|^若|^人员$|^同志$|^(?:下列|以下|如下)"
)
# Words in front of a role in a sentence: "安排相关科室负责人列席", "可邀请董事长参加".
_LEADING = re.compile(r"^(?:但不限于[:：]?|包括但不限于[:：]?|安排|邀请|可邀请|请|由|可|并|吸收|另|以及|及|均|须|应)+")
# "主任或受其委托的副主任", "总经理或其指派人员", "局长或主持会议的副局长": the first chairs, the second
# stands in; no choice to make.
_STANDS_IN = re.compile(r"委托|授权|指派|指定|代理|主持(?:会议|工作)的")
_POSTS_PAIRED = re.compile(
    r"(?:办公室|两办|机关|局)?正、?副(主任|局长|处长|科长|校长|院长|总经理|经理|部长|书记|组长|所长|站长|市长|县长)"
)


def is_chair_word(name: str) -> bool:
    return name in CHAIR_WORDS or bool(_CHAIR_PHRASE.match(name))


def _strip_own_prefix(name: str) -> str:
    name = re.sub(r"[（(][^）)]*[）)]|[“”\"']", "", name).strip()
    if is_chair_word(_LEADING.sub("", name)):
        return _LEADING.sub("", name)
    name = re.sub(r"^[\u4e00-\u9fff]{2,8}?(?:会议|会)(?=秘书|记录)", "", name)  # 处务会秘书 → 秘书
    name = _LEADING.sub("", name)
    name = re.sub(r"^本部门", "部门", name)  # "本部门经理": each attendee's own department head
    name = re.sub(r"等[^、]*$", "", name)  # "部门主任等重要管理人员" → 部门主任
    if "各" in name[1:]:  # "某某中心各主任" → 主任
        name = name[name.rindex("各"):]
    if re.search(r"的[\u4e00-\u9fff]{2,}$", name) and name.endswith(_POST_SUFFIXES):  # "…管理部门的总监助理"
        name = name[name.rindex("的") + 1:]
    changed = True  # "其他高级管理人员" → 高级管理人员; "其他相关人员" names nobody and stays as written
    while changed:
        changed = False
        for prefix in _OWN_PREFIXES:
            rest = name[len(prefix):]
            if (name.startswith(prefix) and len(rest) >= 2 and not _KEEP_PREFIX.search(rest)
                    and not (prefix in ("机关", "局") and _ANOTHER_BODY.match(rest))
                    and not (prefix in ("其他", "其它") and rest.startswith(("相关", "有关")))
                    and (rest.endswith(_POST_SUFFIXES + _DEPARTMENT_SUFFIXES) or prefix in ("各", "相关", "有关"))):
                name, changed = rest, True
    return name


def role_kind(name: str) -> str | None:
    """'post', 'department' or None (not a role this importer understands)."""
    if not name or len(name) > 16 or _NOT_A_ROLE.search(name):
        return None
    if name.endswith(_POST_SUFFIXES):
        return "post"
    if name.endswith(_DEPARTMENT_SUFFIXES):
        return "department"
    if len(name) >= 4 and name.endswith("部门") and not re.match(r"^(?:职能|业务|各|其他|其它|所属|下属|责任)", name):
        return "department"  # "党委组织部门": one department named by its work; "职能部门" are many
    return None


_SHARED_SUFFIXES = ("主要负责人", "负责人", "全体成员", "全体委员")
_BODIES = _DEPARTMENT_SUFFIXES + ("部门", "单位", "公司", "窗口", "支部", "党委", "委员会", "委会", "党组", "团委")


def split_roles(phrase: str) -> tuple[list[str], list[str], list[list[str]]]:
    """'主任、副主任和各科室负责人' → (['主任', '副主任', '科室负责人'], unrecognised, alternatives).

    Alternatives ('副局长或股室负责人') are returned apart: which one applies is for a person to say.
    """
    phrase = _POSTS_PAIRED.sub(r"\1、副\1", re.sub(r"[（(][^）)]*[）)]", "", phrase))
    names, unknown, alternatives = [], [], []
    parts = [part.strip() for part in re.split(r"[、，,；;]|以及|和|及|(?<!参)与(?!会)|并", phrase) if part.strip()]
    for index, part in enumerate(parts):
        # "各股室、窗口负责人": the heads of both; "各部门、各专业公司负责人" likewise; "党支部和村委会全体成员"
        # the suffix of the next part that names a post: "党委、工会的主要领导" shares no 负责人 from further on
        post = next((later for later in parts[index + 1:] if later.endswith(_POST_SUFFIXES)), "")
        shared = next((suffix for suffix in _SHARED_SUFFIXES if post.endswith(suffix)), None)
        if shared and not part.endswith(_POST_SUFFIXES) and part.endswith(_BODIES):
            part += shared
        options = [_strip_own_prefix(option) for option in re.split(r"或者|或|/", part)]
        if len(options) > 1 and all(_stands_in(options[0], option) for option in options[1:]):
            options = options[:1]
        if len(options) > 1:
            alternatives.append(options)
            continue
        (name,) = options
        (names if role_kind(name) else unknown).append(name)
    return list(dict.fromkeys(names)), unknown, alternatives


def _stands_in(first: str, other: str) -> bool:
    """'副主任' for '主任' (or '办公室主任'), '受局长委托的副局长', '其指派人员': a substitute, not a second choice."""
    deputy = other.startswith("副") and len(other) > 1 and first.endswith(other[1:])
    return deputy or bool(_STANDS_IN.search(other))


def ascii_slug(text: str, fallback_prefix: str, max_length: int = 60) -> str:
    """Pinyin when pypinyin is installed, else a stable hash: either way ASCII and repeatable."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        words = []
    else:
        words = lazy_pinyin(text)
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or f"{fallback_prefix}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


@dataclass
class Directory:
    """The posts and departments the imported rules refer to, by name → slug.

    Seeded with an organisation's existing posts and departments, rules refer to those by their slugs;
    the pack then declares only the ones that are new.
    """

    posts: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    existing: set[str] = field(default_factory=set)
    used: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self):
        self.existing = set(self.posts.values()) | set(self.departments.values())
        self.taken = set(self.existing)

    def target(self, name: str) -> dict | None:
        kind = role_kind(name)
        if kind is None:
            return None
        registry = self.posts if kind == "post" else self.departments
        if name not in registry:
            registry[name] = unique(ascii_slug(name, kind), self.taken)
        self.used.add((kind, name))
        return {kind: registry[name]}

    def pack(self) -> dict:
        def new(kind: str, registry: dict[str, str]) -> list[dict]:
            return [{"slug": slug, "name": name} for name, slug in registry.items()
                    if (kind, name) in self.used and slug not in self.existing]

        return {"departments": new("department", self.departments), "posts": new("post", self.posts)}
