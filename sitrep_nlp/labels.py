"""The label registry: each label of SPEC.md once, with what every part of the library
needs to know about it. Adding a label is one `Label` here (and the component that
proposes it): `resolve` ranks by `priority`, `show` and the annotation configs colour by
`colour`, `evaluate` compares `value_keys`, the facts and the annotation import read
`figure`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str
    colour: str  # displaCy, Label Studio and brat
    priority: int  # where candidates overlap, the lower wins (then the longer)
    value_keys: tuple = ("value",)  # the normalized keys `evaluate` compares with the gold
    figure: bool = False  # a number a fact is made of


REGISTRY = (
    Label("QUANTITY", "#7aecec", 5, ("value", "qualifier", "value_max"), figure=True),
    Label("MONEY", "#bfeeb7", 1, ("value", "qualifier", "value_max", "currency"), figure=True),
    Label("PERCENT", "#feca74", 2, ("value", "qualifier", "value_max"), figure=True),
    Label("GROUP", "#ff9561", 7),
    Label("ORG", "#aa9cfc", 4),
    Label("DATE", "#bfe1d9", 3),
    Label("DECREE", "#e4e7d2", 0, ("value", "kind")),
    Label("LOCATION", "#ff8197", 6),
)
BY_NAME = {label.name: label for label in REGISTRY}
NAMES = tuple(label.name for label in REGISTRY)
FIGURES = tuple(label.name for label in REGISTRY if label.figure)
PRIORITY = [label.name for label in sorted(REGISTRY, key=lambda label: label.priority)]
COLOURS = {label.name: label.colour for label in REGISTRY}


def value_keys(name: str) -> tuple:
    """The keys that make a span's value right; every known key for a label not registered."""
    label = BY_NAME.get(name)
    return label.value_keys if label else tuple(dict.fromkeys(key for label in REGISTRY for key in label.value_keys))
