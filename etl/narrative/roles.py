"""What each number of a bullet stands for: its role, read from the words around it.

"Cập nhật 128 tin, bài, tăng 15 tin, bài so với tháng trước" holds the period's value
(128) and a change (15); "6.215 phương tiện đo …; lũy kế 4 tháng đầu năm là 20.423" a
value and a running total; "11 dự án …, trong đó có 03 dự án" a total and a part of it.
Only a number in the role an indicator takes becomes its figure (``matching``); the
others are context for the reviewer.

Roles:

- ``value``: the report period's own figure (no marker, or "trong tháng", "tháng 01/2023");
- ``change``: a rise or fall ("tăng 15", "giảm 3%", "nhiều hơn 5");
- ``cumulative``: a running total ("lũy kế", "từ đầu năm", "đến nay", a longer period
  such as "4 tháng đầu năm" in a monthly report);
- ``part``: a part of a number written before it ("trong đó", "gồm", after ``:`` or
  inside the bracket that follows the number);
- ``target``: a plan or target ("kế hoạch năm là", "chỉ tiêu", "phấn đấu", "dự kiến");
- ``rate``: a percentage of something else ("đạt 45% kế hoạch", "bằng 120% cùng kỳ",
  "gấp 2 lần");
- ``comparison``: another period's figure ("cùng kỳ năm trước là 90", "tháng 12/2022");
  a period still to come ("6 tháng cuối năm" in an April report) is a ``target``.

The nearest marker before a number wins (so "lũy kế …, trong tháng là 6.215" is a value);
a number that follows another in the same clause, separated by a comma or "và" only,
keeps that number's role (``trong đó 03 dự án cấp tỉnh, 08 dự án cấp cơ sở``); a marker
that opens a clause and ends with ``:`` or ``,`` ("Lũy kế từ đầu năm: …") covers the whole
clause. Markers are matched in lower case with diacritics (``tăng`` is not ``tàng``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from core.months import MAX_YEAR, MIN_YEAR, MONTH, QUARTER, YEAR, Month, ReportPeriod
from etl.narrative.figures import WrittenNumber, sentence_spans
from etl.narrative.lexicon import lower

VALUE, CHANGE, CUMULATIVE, PART, TARGET, RATE, COMPARISON = (
    "value", "change", "cumulative", "part", "target", "rate", "comparison")
ROLES = (VALUE, CHANGE, CUMULATIVE, PART, TARGET, RATE, COMPARISON)

CHANGE_REACH = 3  # a change word counts only this many words before the number
RATE_REACH = 1  # "gấp 2 lần", "bằng 120%", "gấp đến 3 lần"

_PHRASE_END = re.compile(r"[,;()]|[.!?…](?=\s|$)")
_SEPARATORS = re.compile(r"^[\s,]*(?:(?:và|hoặc|cùng|với)[\s,]*)?$")


def _words(*phrases: str) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_PART = _words("trong đó", "trong số đó", "trong số này", "bao gồm", "gồm có", "gồm",
               "cụ thể", "chia ra", "cụ thể là")
_CUMULATIVE = _words("lũy kế", "luỹ kế", "cộng dồn", "từ đầu năm", "đến nay", "đến thời điểm",
                     "tính đến", "tính từ", "nâng tổng số", "nâng tổng", "tổng cộng từ",
                     "kể từ đầu năm", "từ trước đến nay")
_CHANGE = _words("tăng", "giảm", "tăng thêm", "giảm bớt", "gia tăng", "nhiều hơn", "ít hơn",
                 "cao hơn", "thấp hơn", "chênh lệch", "vượt")
_NOT_CHANGE = _words("tăng cường", "giảm thiểu", "giảm nghèo", "giảm nhẹ", "tăng ca",
                     "tăng gia", "giảm giá")
_COMPARISON = _words("cùng kỳ", "cùng kì", "tháng trước", "tháng liền trước", "kỳ trước",
                     "quý trước", "năm trước", "năm ngoái", "tháng cùng kỳ")
_TARGET = _words("kế hoạch năm", "kế hoạch giao", "kế hoạch đề ra", "kế hoạch là",
                 "theo kế hoạch là", "chỉ tiêu", "mục tiêu", "phấn đấu", "dự kiến", "sẽ",
                 "đề ra", "được giao", "giao chỉ tiêu", "kế hoạch cả năm", "dự toán")
_RATE_OF = _words("kế hoạch", "chỉ tiêu", "mục tiêu", "so với", "cùng kỳ", "dự toán",
                  "tổng số")
_RATE = _words("gấp", "bằng")
# The report's own period said in words: "trong tháng", "tháng này", "trong kỳ".
_OWN = _words("trong tháng", "tháng này", "trong kỳ", "kỳ này", "trong kì")
# The level reached after a change is the period's value: "giảm còn 15", "tăng lên thành 20".
_REACHED = _words("còn", "lên thành", "tăng thành", "giảm xuống", "lên mức", "xuống mức")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS_SPAN = re.compile(r"(?<!\w)(\d{1,2}) tháng (đầu năm|cuối năm|năm|qua)(?!\w)")
_ONE_MONTH = re.compile(r"(?<!\w)tháng (\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?(?![\w/])")
_QUARTER = re.compile(r"(?<!\w)quý (iv|iii|ii|i|[1-4])(?:\s*(?:/|năm)\s*(\d{4}))?(?!\w)")
_UNTIL = re.compile(r"(?<!\w)(?:đến|tới|hết)\s*(?:hết\s*)?$")
_SCOPE_SPAN = re.compile(r"(?<!\w)(?:trong|cả) (quý|năm)(?!\w)")


@dataclass(frozen=True)
class Around:
    """The text around one number of a bullet.

    ``lead``: from the clause start (``;``, the sentence start or the end of the
    previous number's phrase) to the number; ``gap``: from the previous number's noun
    (None when the previous number is in another clause); ``sep``: from the end of the
    previous number's phrase; ``tail``: from the noun to the end of the phrase;
    ``clause``: from ``;`` or the sentence start to the number.
    """

    number: WrittenNumber
    lead: str
    gap: str | None
    sep: str | None
    tail: str
    clause: str
    phrase_end: int
    capped: bool = False  # the phrase runs into the next number ("… và thử nghiệm 2.000")


def surroundings(text: str, numbers: Sequence[WrittenNumber]) -> list[Around]:
    """The ``Around`` of each number of ``text``, in order."""
    # Sentence starts and semicolons found once: a long bullet with many numbers stays linear.
    starts = [start for start, _ in sentence_spans(text)] or [0]
    semicolons = [i for i, ch in enumerate(text) if ch == ";"]
    out: list[Around] = []
    for index, n in enumerate(numbers):
        following = numbers[index + 1].start if index + 1 < len(numbers) else len(text)
        stop = _PHRASE_END.search(text, n.noun_end)
        stop_at = stop.start() if stop else len(text)
        phrase_end = max(min(stop_at, following), n.noun_end)
        sentence_start = starts[max(bisect_right(starts, n.start) - 1, 0)]
        before = bisect_left(semicolons, n.start)
        semicolon = semicolons[before - 1] + 1 if before else 0
        clause_start = max(semicolon, sentence_start)
        previous = out[-1] if out else None
        related = previous is not None and previous.number.noun_end >= clause_start
        lead_start = max(clause_start, previous.phrase_end if previous else 0)
        out.append(Around(
            number=n,
            lead=text[lead_start:n.start],
            gap=text[previous.number.noun_end:n.start] if related and previous else None,
            sep=text[previous.phrase_end:n.start] if related and previous else None,
            tail=text[n.noun_end:phrase_end],
            clause=text[clause_start:n.start],
            phrase_end=phrase_end,
            capped=following < stop_at,
        ))
    return out


def assign_roles(arounds: Sequence[Around], period: ReportPeriod) -> list[str]:
    """The role of each number (see the module doc), in order.

    >>> from etl.narrative.figures import NounLexicon, find_numbers
    >>> text = "Cập nhật 128 tin, bài, tăng 15 tin, bài so với tháng trước."
    >>> numbers = find_numbers(text, NounLexicon())
    >>> assign_roles(surroundings(text, numbers), ReportPeriod.parse("2023-01"))
    ['value', 'change']
    """
    roles: list[str] = []
    scope: str | None = None  # a role opening the clause ("Lũy kế từ đầu năm: …")
    for index, around in enumerate(arounds):
        if around.gap is None:
            scope = _clause_scope(around.clause, period)
        role = _own_role(around, period)
        if role is None and around.gap is not None:
            previous = roles[index - 1]
            if _is_part(around.gap):
                role = PART
            elif previous != VALUE and _SEPARATORS.match(around.sep or ""):
                role = previous  # "trong đó 03 dự án cấp tỉnh, 08 dự án cấp cơ sở"
        if role is None:
            role = scope or VALUE
        roles.append(role)
    return roles


def _is_part(gap: str) -> bool:
    """Between a number and the next: "trong đó", "gồm", a colon, an open bracket."""
    low = lower(gap)
    return bool(_PART.search(low)) or ":" in gap or gap.count("(") > gap.count(")")


def _own_role(around: Around, period: ReportPeriod) -> str | None:
    """The role the number's own words give it, or None."""
    lead, tail = lower(around.lead), lower(around.tail)
    noun = lower(around.number.noun or "")
    found: list[tuple[int, int, str]] = []  # (end, priority, role): the nearest wins
    for pattern, role, priority in ((_PART, PART, 5), (_CUMULATIVE, CUMULATIVE, 4),
                                    (_OWN, VALUE, 3), (_COMPARISON, COMPARISON, 2),
                                    (_TARGET, TARGET, 1)):
        found.extend((m.end(), priority, role) for m in pattern.finditer(lead))
    found.extend((end, 3, role) for end, role in _period_mentions(lead, period))
    changes = _changes(lead)
    found.extend((end, 6, CHANGE) for end in changes
                 if len(lead[end:].split()) <= CHANGE_REACH)
    reached = _near(lead, _REACHED, 1)
    if reached is not None:
        found.append((reached, 8, VALUE))
    share = noun == "%" and bool(_RATE_OF.search(tail) or _RATE_OF.search(lead))
    rate = _near(lead, _RATE, RATE_REACH)
    if rate is not None and (noun in ("%", "lần") or _RATE_OF.search(tail)):
        found.append((rate, 7, RATE))
    if not found:
        if _CUMULATIVE.search(tail):
            return CUMULATIVE  # "20.423 phương tiện đo lũy kế từ đầu năm"
        return RATE if share else None  # "đạt 34% kế hoạch": a share of something else
    _, _, role = max(found)
    if role == COMPARISON and changes:
        return CHANGE  # "tăng so với cùng kỳ là 15"
    if role == VALUE and share:
        return RATE  # "trong tháng đạt 34% kế hoạch"
    return role


def _near(lead: str, pattern: re.Pattern[str], reach: int) -> int | None:
    """End of the last ``pattern`` match within ``reach`` words of the lead's end."""
    last = None
    for m in pattern.finditer(lead):
        if len(lead[m.end():].split()) <= reach:
            last = m.end()
    return last


def _changes(lead: str) -> list[int]:
    """Where each change word of the lead ends ("tăng", not "tăng cường")."""
    blocked = {m.start() for m in _NOT_CHANGE.finditer(lead)}
    return [m.end() for m in _CHANGE.finditer(lead) if m.start() not in blocked]


def _clause_scope(clause: str, period: ReportPeriod) -> str | None:
    """A role that opens a clause and covers it: "Lũy kế từ đầu năm: …", "Cùng kỳ, …"."""
    low = lower(clause)
    head = re.match(r"^\s*([^:,]{1,60})[:,]", low)
    if head is None:
        return None
    opening = head.group(1)
    for pattern, role in ((_CUMULATIVE, CUMULATIVE), (_COMPARISON, COMPARISON),
                          (_TARGET, TARGET)):
        if pattern.search(opening):
            return role
    roles = [role for _, role in _period_mentions(opening, period)]
    return roles[-1] if roles else None


def _period_mentions(lead: str, period: ReportPeriod) -> list[tuple[int, str]]:
    """(end, role) of each period named in ``lead``: the report's own period gives
    ``value``, a longer one that holds it ``cumulative``, an earlier one ``comparison``,
    a shorter one inside it (a month of a quarter report) ``part``."""
    out: list[tuple[int, str]] = []
    first, last = period.first_month, period.last_month
    for m in _MONTHS_SPAN.finditer(lead):
        count = int(m.group(1))
        if not 1 <= count <= 12:
            continue
        if m.group(2) == "qua":
            out.append((m.end(), CUMULATIVE))  # "3 tháng qua"
            continue
        if m.group(2) == "cuối năm":
            span = (Month(last.year, 13 - count), Month(last.year, 12))
        else:
            span = (Month(last.year, 1), Month(last.year, count))
        out.append((m.end(), _relation(span, first, last)))
    for m in _ONE_MONTH.finditer(lead):
        month = _month(int(m.group(1)), m.group(2), last)
        if month is None:
            continue
        until = _UNTIL.search(lead[:m.start()])  # "tính đến hết tháng 4": January to April
        start = Month(month.year, 1) if until else month
        out.append((m.end(), _relation((start, month), first, last)))
    for m in _QUARTER.finditer(lead):
        index = _ROMAN.get(m.group(1)) or int(m.group(1))
        year = int(m.group(2)) if m.group(2) else last.year
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        quarter = ReportPeriod(QUARTER, year, index)
        out.append((m.end(), _relation((quarter.first_month, quarter.last_month), first, last)))
    for m in _SCOPE_SPAN.finditer(lead):
        if m.group(1) == "quý":
            role = {QUARTER: VALUE, MONTH: CUMULATIVE}.get(period.kind, PART)
        else:
            role = VALUE if period.kind == YEAR else CUMULATIVE
        out.append((m.end(), role))
    return out


def _month(number: int, year: str | None, last: Month) -> Month | None:
    """The month "tháng 12" names: without a year, the latest one not after ``last``."""
    if not 1 <= number <= 12:
        return None
    if year is not None:
        return Month(int(year), number) if MIN_YEAR <= int(year) <= MAX_YEAR else None
    month = Month(last.year, number)
    return month if month <= last else Month(last.year - 1, number)


def _relation(span: tuple[Month, Month], first: Month, last: Month) -> str:
    start, end = span
    if (start, end) == (first, last):
        return VALUE
    if end < first:
        return COMPARISON
    if start > last:
        return TARGET  # a period still to come: what is planned for it
    if start <= first and end >= last:
        return CUMULATIVE
    if start >= first and end <= last:
        return PART
    return COMPARISON if start < first else CUMULATIVE
