"""Text helpers shared by the importer: normalisation, Chinese numerals, sentences."""

import re

import zhconv

# Full-width digits and letters read as ASCII; Chinese punctuation is kept as written.
_WIDTH = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
)
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERALS = "〇零一二两三四五六七八九十百千"
CN_NUMBER = f"[{CN_NUMERALS}]+"
NUMBER = rf"(?:\d+|{CN_NUMBER})"
# What a regulation's title ends with ("局务会议制度", "议事规则").
TITLE_WORD = r"(?:制度|规则|办法|规定|细则|守则|规程|章程)"


def normalise_line(line: str) -> str:
    """One paragraph with every kind of space collapsed to one ASCII space and ASCII-width digits."""
    return _SPACES.sub(" ", line.translate(_WIDTH)).strip()


def cn_to_int(text: str) -> int | None:
    """'十五' → 15, '二十一' → 21, '一百零五' → 105, '25' → 25, '二〇一七' → 2017; None if not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(char not in CN_DIGITS and char not in CN_UNITS for char in text):
        return None
    if not any(char in CN_UNITS for char in text):  # digit by digit, as in years: 二〇一七
        return int("".join(str(CN_DIGITS[char]) for char in text))
    total, digit = 0, 0
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        else:
            total += (digit or 1) * CN_UNITS[char]
            digit = 0
    return total + digit


def sentences(text: str) -> list[str]:
    """Split on full stops and semicolons, keeping the delimiter with its sentence."""
    return [part.strip() for part in re.findall(r"[^。；;！？!?\n]+[。；;！？!?]?", text) if part.strip(" ，,")]


def has_sentence_punctuation(text: str) -> bool:
    return bool(re.search(r"[。；;，,！？!?：:]", text))


# A page in Traditional characters (a mirror of a mainland text): above this share of its Chinese
# characters changes in conversion it is read as Simplified; below, a stray variant (検査 …) stays.
TRADITIONAL_SHARE = 0.05


def in_simplified(paragraphs: list[str]) -> tuple[list[str], bool]:
    """The paragraphs in Simplified characters when they are written in Traditional ones (zhconv,
    character by character, no regional vocabulary), and whether they were."""
    text = "\n".join(paragraphs)
    converted = zhconv.convert(text, "zh-hans")
    chinese = sum("\u4e00" <= char <= "\u9fff" for char in text) or 1
    changed = sum(a != b for a, b in zip(text, converted, strict=False))
    if len(converted) != len(text) or changed / chinese < TRADITIONAL_SHARE:
        return paragraphs, False
    return converted.split("\n"), True
