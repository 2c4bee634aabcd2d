"""Pictures of what the pipeline found: displaCy's span view, one colour per label."""
from __future__ import annotations

from spacy import displacy
from spacy.tokens import Doc

from .components.base import FINAL

COLOURS = {
    "QUANTITY": "#7aecec", "MONEY": "#bfeeb7", "PERCENT": "#feca74", "GROUP": "#ff9561",
    "ORG": "#aa9cfc", "DATE": "#bfe1d9", "DECREE": "#e4e7d2", "LOCATION": "#ff8197",
}


def render_html(doc: Doc, title: str = "") -> str:
    """A standalone HTML page of the Doc's spans (displaCy `style="span"`)."""
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
        f"<h1 style=\"font-size:1.3em\">{_escape(title)}</h1><p>{legend}</p>{body}</body></html>\n"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
