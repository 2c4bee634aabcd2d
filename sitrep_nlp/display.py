"""Pictures of what the pipeline found: displaCy's span view, one colour per label."""
from __future__ import annotations

from spacy import displacy
from spacy.tokens import Doc

from .components.base import FINAL
from .labels import COLOURS  # noqa: F401  (the registry's; `display.COLOURS` for callers)



FACT_COLUMNS = ("figure", "measure", "group", "sector", "location", "date", "orgs", "activity")


def facts_table(facts: list) -> str:
    """The facts of a Doc as an HTML table, one row per figure, in reading order."""
    if not facts:
        return "<p>No figures, so no facts.</p>"
    head = "".join(f"<th style=\"text-align:left;padding:2px 8px\">{column}</th>" for column in FACT_COLUMNS)
    rows = []
    for fact in facts:
        cells = [fact["figure"]["text"], fact["measure"], fact["group"], fact["sector"], fact["location"],
                 fact["date"], ", ".join(fact["orgs"]), fact["activity"]]
        rows.append("<tr>" + "".join(f"<td style=\"padding:2px 8px;border-top:1px solid #ddd\">{_escape(str(cell)) if cell not in (None, '') else '–'}</td>" for cell in cells) + "</tr>")
    return (f"<h2 style=\"font-size:1.1em\">Facts ({len(facts)})</h2>"
            f"<table class=\"sitrep-facts\" style=\"border-collapse:collapse;font-size:0.9em\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def render_html(doc: Doc, title: str = "") -> str:
    """A standalone HTML page of the Doc's spans (displaCy `style="span"`), and its facts
    in a table under the text."""
    options = {"spans_key": FINAL, "colors": COLOURS}
    body = displacy.render(doc, style="span", options=options, page=False)
    legend = " ".join(
        f'<span style="background:{colour};padding:2px 6px;margin-right:4px;border-radius:3px">{label}</span>'
        for label, colour in COLOURS.items()
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{_escape(title) or 'sitrep_nlp'}</title></head>"
        "<body style=\"font-family: sans-serif; margin: 2em; max-width: 60em\">"
        f"<h1 style=\"font-size:1.3em\">{_escape(title)}</h1><p>{legend}</p>{body}{facts_table(doc._.facts)}</body></html>\n"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
