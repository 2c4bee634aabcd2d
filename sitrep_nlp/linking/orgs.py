"""orgs: the organisations the sentence credits with the figure's activity or funding."""
from __future__ import annotations

from ..labels import FIGURES
from .figure import Figure, Linked


def link_orgs(figure: Figure, fact: Linked) -> None:
    """The ORGs of the figure's clause and of the sentence's lead before its first figure
    (`According to the SNM, ...`, `Together with MINEDU, partners ...`); with none, those of
    the line that leads the figure's list (`In 2020, UNHCR will:` over `• Support 8,370
    households`)."""
    named = [other for other in figure.named("ORG") if not affiliation(figure, fact, other)]
    values = credited(figure, named) if named else []  # (most sentences name no ORG: nothing to place)
    fact.orgs = values or list(dict.fromkeys(span.value for span in figure.list_lead_spans("ORG")))


def credited(figure: Figure, named: list) -> list:
    """The values of the ORGs of `named` that stand in the figure's clause or the sentence's
    lead, with no clause break between them and the figure."""
    span, text = figure.span, figure.text
    first_figure = next((other.start_char for other in figure.sentence_spans if other.label_ in FIGURES), span.start_char)
    lead_end = text.rfind(",", figure.sentence[0], first_figure)
    clause_start, clause_end = figure.clause()
    own = [other for other in named if clause_start <= other.start_char and other.end_char <= clause_end]
    unbroken = not figure.broken(first_figure, span.start_char)
    values = []
    for other in named:
        inside = other.end_char <= lead_end or other in own or (not own and unbroken and other.end_char <= first_figure)
        if inside and other.value not in values and not figure.broken(min(other.end_char, span.start_char), max(other.start_char, span.end_char)):
            values.append(other.value)
    return values


def affiliation(figure: Figure, fact: Linked, org) -> bool:
    """Whether an ORG is where the people counted belong, not who acted: right after their
    group, `of` apart (`20 coordinators of the Temporary Collective Shelter Network`, `40
    funcionarios del Ministerio de Salud`)."""
    group = fact.group_span
    if group is None or group.end_char > org.start_char or group.start_char < figure.span.end_char:
        return False
    of = figure.cues.of_word.match(figure.text, group.end_char)
    return of is not None and of.end() > group.end_char and not figure.text[of.end():org.start_char].strip()
