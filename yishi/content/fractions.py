"""Shares of the members (法定人数): exact, as regulations state them ("2/3", 三分之二).

Packs write a share as "a/b"; a pack from before (a rounded number such as 0.6667) is read as the
simple fraction it stands for. The typed rules and everything after them hold `Fraction`s."""

from fractions import Fraction

from django.utils.translation import gettext as _

PATTERN = r"^[1-9][0-9]?/[1-9][0-9]?$"  # the pack schema's form of a share
HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)
_NUMERALS = "零一二三四五六七八九十"


def exact(value: str | float | Fraction) -> Fraction:
    """The share a pack value states: "2/3" → 2/3; 0.6667 (an older pack's rounding) → 2/3."""
    if isinstance(value, str):
        numerator, denominator = value.split("/")
        return Fraction(int(numerator), int(denominator))
    return Fraction(value).limit_denominator(100)


def written(share: Fraction) -> str:
    """How a pack writes `share`: "2/3", "1/2", "1/1"."""
    return f"{share.numerator}/{share.denominator}"


def spoken(share: Fraction) -> str:
    """As regulations write it: 1/2 → 半数, 2/3 → 三分之二, 4/5 → 五分之四."""
    if share == HALF:
        return _("半数")
    if share.denominator <= 10:
        return _("%(d)s分之%(n)s") % {"d": _NUMERALS[share.denominator], "n": _NUMERALS[share.numerator]}
    return written(share)
