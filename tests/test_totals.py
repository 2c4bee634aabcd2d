"""Totals of people that count each person once."""
import sitrep_nlp
from sitrep_nlp.totals import counted_once, people_groups, sector_totals


def fact(start, value, group, sector="protection", measure="reached", part_of=None, label="QUANTITY"):
    return {"figure": {"start": start, "end": start + 3, "text": str(value), "label": label, "value": value},
            "measure": measure, "group": group, "sector": sector, "part_of": part_of}


def test_households_are_not_people_and_every_other_category_is():
    groups = people_groups()
    assert "households" not in groups and {"people", "children", "refugees_migrants", "women"} <= groups


def test_a_breakdown_is_not_counted_beside_its_whole():
    facts = [fact(0, 1200, "refugees_migrants", part_of=None), fact(40, 300, "children", part_of=[0, 5]),
             fact(60, 900, "women", part_of=[0, 5]), fact(90, 400, "households", sector="shelter"),
             fact(120, 250, "people", sector="shelter"), fact(150, 19, "people", label="PERCENT"),
             fact(170, 5000, "people", measure="targeted"), fact(200, 80, None, measure="delivered")]
    assert sector_totals(facts) == {"protection": {"reached": 1200, "targeted": 5000}, "shelter": {"reached": 250}}


def test_a_fact_without_part_of_is_a_whole():
    """Facts written before the linker filled `part_of` have no such key: each counts."""
    whole = fact(0, 1200, "people")
    del whole["part_of"]
    assert counted_once(whole, people_groups())


def test_real_facts_of_the_sample_report():
    text = "In Lima, partners reached 1,300 households and 811 people with shelter."
    totals = sector_totals(sitrep_nlp.facts(text))
    assert totals["shelter"]["reached"] == 811
