"""DATE: calendar expressions found by rules, valued in ISO 8601 at the precision written.

Atoms (a day, a month, a year, a numeric date, a part of a period) are found by one regex
compiled from the lexicon's `months` and `date_parts`; atoms joined by
`to`/`until`/`through`/`-` become one range; atoms joined by `and` stay separate but share
their month and year. A missing year comes from the sentence, then the paragraph, then
the report's reference date (SPEC.md, "The report date").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..dates import dateparser_read, falls_too_late, iso, last_day, part_value, safe_date
from ..lexicon import alternation, trie_alternation, word_alternation, word_ids
from ..years import YEAR, reads_as_year
from .base import EDITIONS, InBatches, LexiconReader, Stretches, anchor_offsets, anchored_matches, doc_text, folded_matches, folded_starts, group_names, propose, table_rows
from .sentences import paragraph_start_chars, sentence_start_chars

DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
LEADING_DIGITS = regex.compile(r"\d+")
NEXT_WORD = regex.compile(r"[ \t]+([\p{L}-]+)")


IMPOSSIBLE_DAY = "no such day in that month: valued to the month"


@dataclass
class Atom:
    start: int
    end: int
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    part: Optional[str] = None
    year_written: bool = False
    joined: Optional[str] = None  # `range` or `list` (`3 and 7 October`): how this day is joined to the next (`3 to 7 October`)

    def fill(self, other: "Atom") -> None:
        """Take the month and year a coordinated or ranged neighbour has: `3 to 7 October 2022`."""
        if self.month is None and self.day is not None:
            self.month = other.month
        if self.year is None and other.year is not None:
            self.year = other.year

    @property
    def impossible(self) -> bool:
        """A day its month does not have (`31 April`, `29 February 2021`): valued to the month."""
        return self.day is not None and self.month is not None and not 1 <= self.day <= last_day(self.year or 2000, self.month)

    def value(self) -> str:
        if self.part:
            return part_value(self.part, self.year, self.month)
        return iso(self.year, self.month, None if self.impossible else self.day)

    def key(self) -> tuple:
        return (self.year, self.month, self.day)


def _variants(rows: list, strict_case: bool) -> list:
    """The spellings of month names: a name the lexicon writes capitalized (`January`) is
    read only so, or in capitals, where `strict_case`; one written in lower case (`enero`),
    in any case."""
    texts = []
    for row in rows:
        word = row["text"]
        if strict_case and word[:1].isupper():
            texts += [word, word.upper()]
        else:
            texts += [word, word.lower(), word.capitalize(), word.upper()]
    return texts


class DatePatterns:
    """The date regexes and word sets, compiled from a lexicon view (months, parts of a
    period and joiners of every language; `de`/`del` where a language puts them)."""

    def __init__(self, view):
        every = True
        months = view.rows("months", every)
        self.month_of, self.foreign_months = {}, set()
        for row in months:
            for variant in _variants([row], strict_case=True):
                self.month_of.setdefault(variant.lower(), row["month"])
            if row["lang"] != view.lang and not row.get("abbreviation"):
                self.foreign_months.add(row["text"].capitalize())
        full = alternation(_variants([r for r in months if not r.get("abbreviation")], True), False)
        abbreviations = alternation(_variants([r for r in months if r.get("abbreviation")], False) + _variants([r for r in months if not r.get("abbreviation")], False), False)
        parts = view.rows("date_parts", every)
        self.part_of = {row["text"].lower(): row["part"] for row in parts}
        attached = alternation([row["text"] for row in parts if row.get("attached")], False)
        spaced = alternation([row["text"] for row in parts if not row.get("attached")])
        part = rf"(?i:{attached}-?|{spaced}[ \t]+)"
        self.articles = view.lower_words("article", every)
        # Only a digit, a month or a part word can start a date: look for them first.
        # A part that starts with an article (`the first week of`) is anchored at its second
        # word: anchoring every `the` would try the date pattern on a twentieth of the words.
        first_words = [row["text"] for row in months] + [row["text"].split()[0] for row in parts]
        anchors = [row["text"] for row in months]
        anchors += [row["text"] + "." for row in months if row.get("abbreviation")]  # `Sep. 2023`: spaCy keeps `Sep.` one token
        for row in parts:
            words = row["text"].split()
            anchors.append(words[1] if words[0].lower() in self.articles and len(words) > 1 else words[0])
        self.anchor_words = word_ids(anchors)
        range_joiners = view.words("date_range_joiner", every)
        and_joiners = view.words("date_and", every)
        of = alternation(view.words("month_of", every))  # `3 de mayo de 2020`
        article = alternation(self.articles)
        # `3 to 7 October`, `3 hasta el 25 de agosto`: a joiner, and an article after it
        day_range = rf"[ \t]*(?:[-–]|{word_alternation(range_joiners)})[ \t]*(?:(?i:{article})[ \t]+)?"
        day_and = rf",?[ \t]+{word_alternation(w for w in and_joiners if w.strip(','))}[ \t]+(?i:{article}[ \t]+)?"
        self.range_joiner = regex.compile(day_range, regex.V1)
        # `between January and October`, `entre el 31 de diciembre y el 31 de enero`: one range
        between_and = word_alternation(view.words("between_and", every))
        self.between_and = regex.compile(rf"[ \t\n]+{between_and}[ \t\n]+(?:(?i:{article})[ \t\n]+)?", regex.V1)
        self.and_joiner = regex.compile(rf"[ \t]*(?:,|{word_alternation(and_joiners)})[ \t]*", regex.V1)
        self.range_word = regex.compile(rf"[-–]|{word_alternation(range_joiners)}", regex.V1)
        # `between 1 and 15 February`, `entre el 1 y el 15 de febrero`: a range (docs/decisions.md)
        self.between_before = regex.compile(
            rf"(?r){word_alternation(view.words('between', every))}[ \t\n]+(?:(?i:{article})[ \t\n]+)?\Z", regex.V1
        )
        # The forms of a date, in the order they are tried: those that start with a digit, those
        # that start with a month or a part of a period, and a year.
        numeric = [
            rf"(?P<iso_y>{YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)",
            rf"(?P<x_d>[0-3]?\d)-(?P<x_m>\p{{L}}{{3,10}})\.?-(?P<x_y>\d{{4}}|\d\d)",
            rf"(?P<n_d>[0-3]?\d)(?P<n_sep>[/.])(?P<n_m>[01]?\d)(?:(?P=n_sep)(?P<n_y>{YEAR}|\d\d))?(?![/.,]?\d)",
            rf"(?P<dm_d>{DAY})(?:(?P<dm_join>{day_range}|{day_and})(?P<dm_d2>{DAY}))?"
            rf"[ \t]+(?:(?i:{of})[ \t]+)?(?P<dm_m>{full})(?:,?[ \t]+(?:(?i:{of})[ \t]+)?(?P<dm_y>{YEAR}))?",
        ]
        worded = [
            # (not a count after a month: `en febrero 7.420 personas`, `In February 7,420 people`)
            rf"(?P<md_m>{full})[ \t]+(?P<md_d>{DAY})(?![.,]\d{{3}}(?!\d))(?:,[ \t]*(?P<md_y>{YEAR}))?",
            rf"(?P<p_part>{part})(?:(?P<p_m>{full})(?:,?[ \t]+(?:(?i:{of})[ \t]+)?(?P<p_y>{YEAR}))?|(?P<p_y2>{YEAR}))",
            rf"(?P<ay_m>{abbreviations})\.?[ \t]+(?P<ay_y>{YEAR})",
            # An abbreviation without its year where a range's end has it: `Jan-Sep 2023`.
            rf"(?P<ar_m>{abbreviations})\.?(?=[ \t]*[-–][ \t]*(?:{abbreviations})\.?[ \t]+{YEAR}(?![\p{{L}}\d]))",
            rf"(?P<my_m>{full})(?:,?[ \t]+(?:(?i:{of})[ \t]+)?(?P<my_y>{YEAR}))?",
        ]
        year = rf"(?P<y>{YEAR})"
        if all(text[:1].isalpha() for text in chain(self.month_of, self.part_of)):
            # Then a digit starts only the numeric forms and the year, a letter only the worded
            # ones: tried apart, a number is not tried against every month name (1.8 us a try
            # at an anchor instead of 2.9), and the first form that matches is the same.
            forms = rf"(?=\d)(?:{'|'.join(numeric + [year])})|(?!\d)(?:{'|'.join(worded)})"
        else:
            forms = "|".join(numeric + worded + [year])
        self.atom = regex.compile(rf"(?<![\p{{L}}\d])(?=\d|(?i:{trie_alternation(first_words)}))(?:{forms})(?![\p{{L}}\d])", regex.V1)
        self.atom_names = group_names(self.atom)  # to read a match's groups at once
        self.article_before = regex.compile(rf"(?r)(?<![\p{{L}}\d])(?i:{article})[ \t]+\Z", regex.V1)
        self.count_nouns = {row["text"].lower() for row in view.rows("count_nouns", every)}
        qualifiers = view.texts("qualifiers", every_lang=every)
        self.qualifier_before = regex.compile(rf"(?ri)\b{alternation(qualifiers)}[ \t\n]+\Z")
        year_end = alternation(view.words("year_end", every))
        self.year_end = regex.compile(rf"\b({YEAR})[ \t]+(?i:{year_end})(?![\p{{L}}\d])", regex.V1)
        period_from, period_to = alternation(view.words("period_from", every)), alternation(view.words("period_to", every))
        day_month = r"([0-3]?\d)/([01]?\d)"
        self.period_line = regex.compile(rf"(?i)\b{period_from}[ \t]+{day_month}[ \t]+{period_to}[ \t]+{day_month}\b", regex.V1)
        # What never sets the report date: a deadline (`until 30 June`, `hasta el 18`) right
        # before a date, a plan (`will`) earlier in its sentence.
        deadline = alternation(view.words("deadline", every))
        # The words after which a date lends its year to no later date: the start of an open
        # period (`Since April 2018`, `desde 2019`) and a comparison (`45% more than in January
        # 2023`, `frente a mayo de 2022`).
        lends_none = view.words("open_period_start", every) + view.words("comparison_before", every)
        self.lends_no_year_before = regex.compile(rf"(?ri)(?<![\p{{L}}\d]){alternation(lends_none)}[ \t]+(?:(?i:{article})[ \t]+)?\Z", regex.V1)
        self.deadline_before = regex.compile(rf"(?ri)(?<![\p{{L}}\d]){deadline}[ \t]+(?:(?i:{article})[ \t]+)?\Z", regex.V1)
        plan = alternation(view.words("plan", every))
        self.plan_word = regex.compile(rf"(?i)(?<![\p{{L}}\d]){plan}(?![\p{{L}}\d])", regex.V1)
        self.plan_starts = folded_starts(view.words("plan", every))  # for `folded_matches`
        # A capitalized word or short acronym right before a year makes the year part of a
        # name (`RMRP 2021`, `Plan de Respuesta 2020`), unless it starts a sentence or is a month.
        # A wrapped line may stand between the name and its year (`RMRP\n2020` in a PDF's column).
        # What a capitalized word before a year is when it is no name: a month, `In`, `By`, `Desde`.
        self.not_names = (frozenset(self.month_of) | view.lower_words("date_preposition", every)
                          | view.lower_words("deadline", every) | view.lower_words("open_period_start", every))
        self.name_before = regex.compile(r"(?r)(?:(?<=[\p{L}\d,;)][ \t\n]+)(?:\p{Lu}\p{Ll}+|\p{Lu}{2,5}|\(\p{Lu}{2,6}\)))[ \t]*\n?[ \t]*(?<=\s)\Z", regex.V1)


class DateRecognizer(InBatches, LexiconReader):
    def compile(self, view) -> DatePatterns:
        return DatePatterns(view)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        view = self.view(doc)
        patterns = self.patterns(view)
        atoms = self.find_atoms(doc, text, view, patterns)
        items = self.group(atoms, text, patterns)
        # The written years that name an edition (`RMRP 2021`), decided once for both uses.
        in_names = {id(atom) for first, last in items for atom in (first, last)
                    if atom is not None and atom.year_written and in_a_name(atom, text, patterns)}
        reference = self.reference_date(doc, items, text, patterns, in_names)
        self.fill_years(doc, items, text, reference, in_names, patterns)
        for first, last in items:
            value = first.value() if last is None else f"{first.value()}/{last.value()}"
            attrs = {"value": value}
            if first.impossible or (last is not None and last.impossible):
                attrs["warning"] = IMPOSSIBLE_DAY
            propose(doc, first.start, (last or first).end, "DATE", attrs)
        # For the facts: a year that names an edition dates no figure where another date does.
        doc.user_data[EDITIONS] = [(first.start, first.end) for first, last in items if last is None and id(first) in in_names]
        return doc

    def find_atoms(self, doc: Doc, text: str, view, patterns: DatePatterns) -> list:
        tables = Stretches(table_rows(doc, view))
        atoms = []
        anchors = [start for position in anchor_offsets(doc, patterns.anchor_words) for start in with_article(patterns, text, position)]
        for match in anchored_matches(patterns.atom, text, anchors):
            group = dict(zip(patterns.atom_names, match.groups()))  # (`groupdict()` looked each name up: 7 us)
            if any(group[name] in patterns.foreign_months for name in ("dm_m", "md_m", "p_m", "my_m")):
                continue  # `Julio Gutierrez`: a capitalized month of another language is a name
            month_of = lambda name: patterns.month_of.get(group[name].lower().rstrip("."))  # noqa: E731
            if group["iso_y"]:
                atoms.append(Atom(match.start(), match.end(), int(group["iso_y"]), int(group["iso_m"]), int(group["iso_d"]), year_written=True))
            elif group["x_d"] or (group["n_d"] and group["n_y"]):
                # A full date in a compact form (`14-OCT-2022`, `31/12/2019`): dateparser reads
                # it, day first, and refuses what is not a date (`31/02/2021`).
                read = dateparser_read(match.group(), view.lang)
                if read is None or read[0] is None:
                    continue
                atoms.append(Atom(match.start(), match.end(), *read, year_written=True))
            elif group["n_d"]:
                day, month = int(group["n_d"]), int(group["n_m"])
                if not (1 <= day <= last_day(None, month) if 1 <= month <= 12 else False) or group["n_sep"] == ".":
                    continue
                atoms.append(Atom(match.start(), match.end(), None, month, day))
            elif group["dm_d"]:
                year = int(group["dm_y"]) if group["dm_y"] else None
                month = month_of("dm_m")
                day = int(LEADING_DIGITS.match(group["dm_d"]).group())
                if group["dm_d2"]:
                    day2 = int(LEADING_DIGITS.match(group["dm_d2"]).group())
                    second = Atom(match.start("dm_d2"), match.end(), year, month, day2, year_written=year is not None)
                    first = Atom(match.start(), match.end("dm_d"), year, month, day, year_written=year is not None)
                    ranged = patterns.range_word.search(group["dm_join"]) or patterns.between_before.search(text, max(0, match.start() - 20), match.start())
                    first.joined = "range" if ranged else "list"
                    atoms += [first, second]
                else:
                    atoms.append(Atom(match.start(), match.end(), year, month, day, year_written=year is not None))
            elif group["md_m"]:
                year = int(group["md_y"]) if group["md_y"] else None
                atoms.append(Atom(match.start(), match.end(), year, month_of("md_m"), int(LEADING_DIGITS.match(group["md_d"]).group()), year_written=year is not None))
            elif group["p_part"]:
                part = patterns.part_of.get(" ".join(group["p_part"].lower().replace("-", " ").split()))
                year_text = group["p_y"] or group["p_y2"]
                month = month_of("p_m") if group["p_m"] else None
                atoms.append(Atom(match.start(), match.end(), int(year_text) if year_text else None, month, None, part, year_written=bool(year_text)))
            elif group["ay_m"]:
                atoms.append(Atom(match.start(), match.end(), int(group["ay_y"]), month_of("ay_m"), year_written=True))
            elif group["ar_m"]:
                atoms.append(Atom(match.start(), match.end(), None, month_of("ar_m")))
            elif group["my_m"]:
                year = int(group["my_y"]) if group["my_y"] else None
                atoms.append(Atom(match.start(), match.end(), year, month_of("my_m"), year_written=year is not None))
            elif group["y"]:
                if not self.is_year(patterns, match, text, tables):
                    continue
                atoms.append(Atom(match.start(), match.end(), int(group["y"]), year_written=True))
        return [atom for atom in atoms if atom.month or atom.year or atom.part]

    @staticmethod
    def is_year(patterns: DatePatterns, match, text: str, tables) -> bool:
        """`2020` is a year, but `Some 2000 persons` and a table cell are counts."""
        next_word = NEXT_WORD.match(text, match.end(), match.end() + 40)
        return reads_as_year(
            text, match.start(), match.end(), in_table=match.start() in tables,
            qualified=bool(patterns.qualifier_before.search(text[max(0, match.start() - 30):match.start()])),
            next_word=next_word.group(1).lower() if next_word else "", count_nouns=patterns.count_nouns,
        )

    @staticmethod
    def group(atoms: list, text: str, patterns: DatePatterns) -> list:
        """(first, last or None) for each DATE span: ranges merge, `and` shares context."""
        items = []
        index = 0
        while index < len(atoms):
            atom = atoms[index]
            nxt = atoms[index + 1] if index + 1 < len(atoms) else None
            between = text[atom.end:nxt.start] if nxt else ""
            between_range = patterns.between_and.fullmatch(between) and patterns.between_before.search(text, max(0, atom.start - 20), atom.start)
            if nxt and (atom.joined == "range" or between_range or patterns.range_joiner.fullmatch(between)):
                atom.fill(nxt)
                items.append((atom, nxt))
                index += 2
                continue
            if nxt and (atom.joined == "list" or patterns.and_joiner.fullmatch(between)):
                atom.fill(nxt)
            items.append((atom, None))
            index += 1
        return items

    @staticmethod
    def reference_date(doc: Doc, items: list, text: str, patterns: DatePatterns, in_names: set) -> Optional[date]:
        """The report's reference date: given, else found in the text (SPEC.md, "The report
        date"), else the PDF's; recorded on the Doc with its source."""
        if doc._.report_date:
            doc._.report_date_source = doc._.report_date_source or "given"
            return date.fromisoformat(str(doc._.report_date)[:10])
        found, source = find_report_date(items, text, patterns, in_names)
        if found is None and doc._.fallback_report_date:
            found, source = date.fromisoformat(doc._.fallback_report_date), "pdf metadata"
        if found is None:
            doc._.report_date_source = "none"
            return None
        doc._.report_date = found.isoformat()
        doc._.report_date_source = source
        return found

    def fill_years(self, doc: Doc, items: list, text: str, reference: Optional[date], in_names: set, patterns: DatePatterns) -> None:
        sentence_starts = sentence_start_chars(doc) or [0]
        paragraph_starts = paragraph_start_chars(text)
        written = [atom for first, last in items for atom in (first, last) if atom is not None and atom.year_written]
        lending_none = {id(first) for first, last in items if last is None and patterns.lends_no_year_before.search(text, max(0, first.start - 30), first.start)}
        lending = lending_years([atom for atom in written if id(atom) not in in_names and id(atom) not in lending_none], text, paragraph_starts)
        lending_ends = [atom.end for atom in lending]
        for first, last in items:
            for atom in (first, last):
                if atom is None or atom.year is not None:
                    continue
                atom.year = self.context_year(atom, lending, lending_ends, sentence_starts, paragraph_starts, reference)
            if last is not None and first.year and last.year and first.key() > last.key() and not first.year_written:
                first.year = last.year - 1  # `December to March 2021`

    def context_year(self, atom, lending, lending_ends, sentence_starts, paragraph_starts, reference) -> Optional[int]:
        """The year of the closest written year before the date in its sentence, else its
        paragraph (by position: the last lending date that ends before it), else the
        report's reference year, the year before where the date would fall too late."""
        sentence_start = sentence_starts[bisect_right(sentence_starts, atom.start) - 1] if sentence_starts else 0
        paragraph_start = paragraph_starts[bisect_right(paragraph_starts, atom.start) - 1]
        index = bisect_right(lending_ends, atom.start) - 1
        if index >= 0 and lending[index].start >= min(sentence_start, paragraph_start):
            return lending[index].year
        if reference is None:
            return None
        year = reference.year
        if falls_too_late((year, atom.month, atom.day), reference):
            year -= 1
        return year


MASTHEAD_LINES = 5  # the lines at the top of a report where its title and period stand
PERIOD_LINE_CHARS = 60  # a period line (`May - July 2023`) is a short line of its own


def find_report_date(items: list, text: str, patterns: DatePatterns, in_names: set) -> tuple:
    """(date, source) from the report itself, in SPEC.md's order: the month of the title or
    masthead, a period line, `YYYY year-end` figures, the latest full date that is no
    deadline or plan, the latest month, the latest year; (None, None) where none is written."""
    written = [atom for first, last in items for atom in (first, last) if atom is not None and atom.year_written and not atom.part]
    masthead_end = masthead_length(text)
    for first, last in items:
        if first.start >= masthead_end:
            break
        if last is None and first.year_written and first.month and not first.day and not first.part:
            return date(first.year, first.month, last_day(first.year, first.month)), "title"
    period = patterns.period_line.search(text)
    if period and written:
        period_end = safe_date(max(atom.year for atom in written), int(period.group(4)), int(period.group(3)))
        if period_end:
            return period_end, "period line"
    for first, last in items:
        if last is not None and last.year_written and last.month and not last.day and on_a_short_line(text, first.start, last.end):
            return date(last.year, last.month, last_day(last.year, last.month)), "period line"
    year_end = patterns.year_end.search(text)
    if year_end:
        return date(int(year_end.group(1)), 12, 31), "year-end figures"
    # A yearless day takes the latest year written outside names, else in one (`Matricula 2020`).
    years = [atom.year for atom in written if id(atom) not in in_names] or [atom.year for atom in written]
    plans = [match.span() for match in folded_matches(patterns.plan_word, patterns.plan_starts, text)]
    break_ends = sentence_break_ends(text, plans)
    settled = [atom for first, last in items for atom in (first, last)
               if atom is not None and not atom.part and not is_deadline(atom, text, patterns, plans, break_ends)]
    full = [atom for atom in settled if atom.month and atom.day and not atom.impossible and (atom.year_written or years)]
    if full:
        latest_year = max(years) if years else None  # once, not per date (8,000 dates were quadratic)
        latest = max(full, key=lambda atom: (atom.year or latest_year, atom.month, atom.day))
        return date(latest.year or latest_year, latest.month, latest.day), "latest full date"
    months = [atom for atom in settled if atom.month and atom.year_written]
    if months:
        latest = max(months, key=Atom.key)
        return date(latest.year, latest.month, last_day(latest.year, latest.month)), "latest month"
    if written:
        return date(max(atom.year for atom in written), 12, 31), "latest year"
    return None, None


def masthead_length(text: str) -> int:
    """Where the first MASTHEAD_LINES lines that hold words end (the lines are read from
    the top, not split out of the whole text)."""
    seen, position = 0, 0
    while position <= len(text):
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = len(text)
        line, position = text[position:line_end], line_end + 1
        if line.strip(" \t#*|-"):
            seen += 1
            if seen == MASTHEAD_LINES:
                break
    return position


def on_a_short_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return len(line.strip(" \t#*|")) <= PERIOD_LINE_CHARS


def sentence_break_ends(text: str, plans: list) -> list:
    """For each plan word (`plans`, (start, end) in order), where the first sentence break (a
    line break, or a full stop and a space) at or after its start ends, past the text where
    none does. Read from the last plan word to the first, each only up to the next one's
    start: the text from the first plan word on is read once, the text before it never."""
    ends = [0] * len(plans)
    following = len(text) + 1
    for index in range(len(plans) - 1, -1, -1):
        start = plans[index][0]
        limit = plans[index + 1][0] if index + 1 < len(plans) else len(text)
        line_break, full_stop = text.find("\n", start, limit), text.find(". ", start, limit + 1)
        here = [end for found, end in ((line_break, line_break + 1), (full_stop, full_stop + 2)) if found >= 0]
        following = ends[index] = min(here, default=following)
    return ends


def is_deadline(atom: Atom, text: str, patterns: DatePatterns, plans: list, break_ends: list) -> bool:
    """A date after `until`/`by`/`up to`/`hasta`, or in a sentence that plans (`will`). The
    sentence starts after the last sentence break before the date, so a plan word counts
    if no break ends between it and the date (`break_ends`, by `sentence_break_ends`); the
    plan words are the Doc's, found once (`plans`, (start, end) in order), and the last one
    before the date is found by bisection, as a search back from each date was quadratic
    in a long line of dates."""
    if patterns.deadline_before.search(text, max(0, atom.start - 20), atom.start):
        return True
    for index in range(bisect_left(plans, (atom.start,)) - 1, -1, -1):
        start, end = plans[index]
        if break_ends[index] <= atom.start:
            return False  # a sentence ends between this plan word (and every one before it) and the date
        if end <= atom.start or patterns.plan_word.match(text, start, atom.start):
            return True  # (a plan phrase that runs into the date is read up to the date only)
    return False


def in_a_name(atom: Atom, text: str, patterns: DatePatterns) -> bool:
    """A year written right after a name (`RMRP 2021`, `Plan de Respuesta 2020`) names an
    edition, not a time: it lends no year (SPEC.md). A month, a preposition or a deadline word
    before it is no name (`In 2024` under a heading line), nor is a part of the year (`In the
    first quarter of 2024`)."""
    if atom.month or atom.day or atom.part:
        return False
    name = patterns.name_before.search(text, max(0, atom.start - 30), atom.start)
    return bool(name) and name.group().strip().lower() not in patterns.not_names


def with_article(patterns: DatePatterns, text: str, position: int) -> tuple:
    """Where a date may start: at an article before its anchor (`the first week of April`),
    then at the anchor itself."""
    article = patterns.article_before.search(text, max(0, position - 5), position)
    return (article.start(), position) if article else (position,)


FOOTNOTE_LINE = regex.compile(r"[ \t]*\d{1,2}[ \t]+\p{Lu}")


def lending_years(written: list, text: str, paragraph_starts: list) -> list:
    """The dates with a written year that lend it to yearless dates after them: not in
    parentheses within their paragraph, not on a footnote line (SPEC.md). Decided once per
    Doc, with the brackets found by position, so that context is linear in the Doc."""
    opens, closes = char_positions(text, "("), char_positions(text, ")")
    lending = []
    for atom in written:
        paragraph_start = paragraph_starts[bisect_right(paragraph_starts, atom.start) - 1]
        last_open = bisect_left(opens, atom.start) - 1
        last_close = bisect_left(closes, atom.start) - 1
        open_at = opens[last_open] if last_open >= 0 and opens[last_open] >= paragraph_start else -1
        close_at = closes[last_close] if last_close >= 0 and closes[last_close] >= paragraph_start else -1
        if open_at > close_at or _in_footnote(text, atom.start):
            continue
        lending.append(atom)
    return lending


def char_positions(text: str, char: str) -> list:
    """Where `char` stands in `text`, found with `str.find` (a regex looked up and run over
    the whole text for each bracket took longer)."""
    positions, position = [], text.find(char)
    while position >= 0:
        positions.append(position)
        position = text.find(char, position + 1)
    return positions


def _in_footnote(text: str, position: int) -> bool:
    """On a footnote line: `1 DTM. Round Three. March 30, 2021.`"""
    return bool(FOOTNOTE_LINE.match(text, text.rfind("\n", 0, position) + 1))


@Language.factory("sitrep_dates", requires=["doc._.lang"], assigns=["doc._.report_date", "doc._.report_date_source", "doc.user_data"])
def make_dates(nlp: Language, name: str):
    return DateRecognizer(nlp, name)
