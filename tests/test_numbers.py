"""Number reading and the QUANTITY / MONEY / PERCENT rules, one test per form of the issue."""
import pytest

from conftest import only
from sitrep_nlp.numbers import read_number

READINGS = [
    ("1,200", "en", 1200, None),
    ("1.200", "es", 1200, None),
    ("1.286.000", "es", 1286000, None),
    ("312,5K", "en", 312500, None),
    ("28.25", "en", 28.25, None),
    ("2,415,730", "en", 2415730, None),
    ("2.3M", "en", 2300000, None),
    ("7K", "en", 7000, None),
    ("148.64 M", "en", 148640000, None),
    ("1.2 million", "en", 1200000, None),
    ("5 mil", "es", 5000, None),
    ("Thirty", "en", 30, None),
    ("Twenty-five", "en", 25, None),
    ("two million", "en", 2000000, None),
    ("one hundred and fifty", "en", 150, None),
    ("veinticinco", "es", 25, None),
    ("31,4560", "en", 314560, "malformed figure"),
]


@pytest.mark.parametrize("text,lang,value,warning", READINGS)
def test_read_number(text, lang, value, warning):
    reading = read_number(text, lang)
    assert reading.value == pytest.approx(value)
    assert reading.warning == warning


def test_two_numbers_in_a_row_are_not_one():
    with pytest.raises(ValueError):
        read_number("twenty thirty")


QUANTITIES = [
    ("Partners reached 829,000 people.", "829,000", 829000, "exact"),
    ("These trainings reached some 150 public servants.", "some 150", 150, "approx"),
    ("Over 300 vulnerable refugees were sheltered.", "Over 300", 300, "min"),
    ("almost 7,000 received blankets", "almost 7,000", 7000, "approx"),
    ("The sector reached 312,5K people.", "312,5K", 312500, "exact"),
    ("There are 2.3M people in need.", "2.3M", 2300000, "exact"),
    ("Thirty partners delivered food.", "Thirty", 30, "exact"),
    ("Some Twenty-five partners worked on protection.", "Some Twenty-five", 25, "approx"),
    ("the plan targets two million people", "two million", 2000000, "exact"),
    ("out of the more than 65,000 foreign workers", "more than 65,000", 65000, "min"),
    ("Protection reached 7K people.", "7K", 7000, "exact"),
    ("about 450 persons", "about 450", 450, "approx"),
    ("around 90 families", "around 90", 90, "approx"),
    ("nearly 40,640 received CBI", "nearly 40,640", 40640, "approx"),
    ("above 377,000 asylum claims", "above 377,000", 377000, "min"),
    ("at least 1,900 women", "at least 1,900", 1900, "min"),
    ("up to 400 adolescents", "up to 400", 400, "max"),
    ("less than 200 persons", "less than 200", 200, "max"),
    ("cerca de 15.300 personas", "cerca de 15.300", 15300, "approx"),
    ("más de 532.000 personas", "más de 532.000", 532000, "min"),
]


@pytest.mark.parametrize("sentence,surface,value,qualifier", QUANTITIES)
def test_quantity_forms(spans_of, sentence, surface, value, qualifier):
    lang = "es" if "personas" in sentence else None
    found = only(spans_of(sentence, lang=lang), "QUANTITY")
    assert [text for text, _ in found] == [surface]
    assert found[0][1]["value"] == value and found[0][1]["qualifier"] == qualifier


@pytest.mark.parametrize("sentence,surface,low,high", [
    ("between 50 and 100 families a day", "between 50 and 100", 50, 100),
    ("some 300 to 900 people crossed", "some 300 to 900", 300, 900),
    ("entre 50 y 100 familias", "entre 50 y 100", 50, 100),
])
def test_ranges(spans_of, sentence, surface, low, high):
    (text, record), = only(spans_of(sentence), "QUANTITY")
    assert text == surface and record["value"] == low and record["value_max"] == high and record["qualifier"] == "range"


def test_qualifier_belongs_to_the_number_it_precedes(spans_of):
    found = only(spans_of("Over 140 and 250 health workers were trained."), "QUANTITY")
    assert [(t, r["qualifier"]) for t, r in found] == [("Over 140", "min"), ("250", "exact")]


def test_malformed_figure_is_kept_with_a_warning(spans_of):
    (text, record), = only(spans_of("A partner reported 31,4560 beneficiaries."), "QUANTITY")
    assert text == "31,4560" and record["value"] == 314560 and record["warning"] == "malformed figure"


@pytest.mark.parametrize("sentence,surface,value,currency", [
    ("FUNDED: $28.25M", "$28.25M", 28250000, "USD"),
    ("REQUIREMENT: \\$148.64 M", "$148.64 M", 148640000, "USD"),
    ("A total of two million USD was distributed.", "two million USD", 2000000, "USD"),
    ("for a total of $2,415,730 in cash", "$2,415,730", 2415730, "USD"),
    ("The donor gave USD 1.2 million.", "USD 1.2 million", 1200000, "USD"),
    ("CBI \\$5.9K", "$5.9K", 5900, "USD"),
    ("rent of S/ 650 a month", "S/ 650", 650, "PEN"),
    ("EUR 6.5 million from the EU", "EUR 6.5 million", 6500000, "EUR"),
])
def test_money_forms(spans_of, sentence, surface, value, currency):
    (text, record), = only(spans_of(sentence), "MONEY")
    assert text == surface and record["value"] == value and record["currency"] == currency


@pytest.mark.parametrize("sentence,surface,value,qualifier", [
    ("**19%** FUNDED", "19%", 19, "exact"),
    ("% 12.4 funded", "% 12.4", 12.4, "exact"),
    ("a 50 per cent increase", "50 per cent", 50, "exact"),
    ("over 60 % of households", "over 60 %", 60, "min"),
    ("Some 67 per cent of key informants", "Some 67 per cent", 67, "approx"),
    ("64% of respondents", "64%", 64, "exact"),
])
def test_percent_forms(spans_of, sentence, surface, value, qualifier):
    (text, record), = only(spans_of(sentence), "PERCENT")
    assert text == surface and record["value"] == value and record["qualifier"] == qualifier


def test_a_change_between_two_percentages_is_two_spans(spans_of):
    found = only(spans_of("those using motor vehicles increased from 36 to 51 per cent"), "PERCENT")
    assert [(t, r["value"]) for t, r in found] == [("36", 36), ("51 per cent", 51)]


@pytest.mark.parametrize("sentence", [
    "The state of emergency lasts 90 days.",
    "Participants received financial sponsorship for a five-month training.",
    "early stimulation for children under three years old",
    "Partners launched a three-year project.",
    "the XVII Session of the Intersectoral Work Group",
    "Figure 1 Arrivals and departures",
    "Area of Intervention 2: Protection",
    "Round Three of the DTM",
    "just on 30 March. 1 According to surveys",
    "One of the partners reached them.",
    "COVID-19 vaccination and the R4V platform",
    "Roughly 9 in 10 entrepreneurs have no credit.",
    "families with children under five",
    "the hotline Línea 100 received calls",
    "Since 2016, arrivals increased.",
])
def test_not_quantities(spans_of, sentence):
    assert only(spans_of(sentence), "QUANTITY") == []


def test_a_year_with_a_qualifier_is_a_count(spans_of):
    found = only(spans_of("Some 2000 persons participated."), "QUANTITY")
    assert [t for t, _ in found] == ["Some 2000"]


def test_numbers_inside_dates_and_decrees_are_not_quantities(spans_of):
    spans = spans_of("On 7 May 2020, Supreme Decree 010-2020-IN extended permits up to 7 April 2021.")
    assert only(spans, "QUANTITY") == []
    assert [t for t, _ in only(spans, "DECREE")] == ["Supreme Decree 010-2020-IN"]


def test_table_rows_read_every_cell(spans_of):
    text = " RMRP 2,029 50 , 128  1 1 ,263   35 3 ,640 -  8 ,833\n NO RMRP - 6,910 821 - 3,927 2034\n"
    values = [r["value"] for _, r in only(spans_of(text), "QUANTITY")]
    assert values == [2029, 50128, 11263, 35, 3640, 8833, 6910, 821, 3927, 2034]


def test_between_without_a_second_figure_leaves_between_out(spans_of):
    found = only(spans_of("In Puno, between 50 (Wednesday and weekends) to 100 (Monday) Venezuelans crossed."), "QUANTITY")
    assert [(t, r["qualifier"]) for t, r in found] == [("50", "exact"), ("100", "exact")]


def test_digits_in_web_addresses_are_not_figures(spans_of):
    text = "See https://www.gob.pe/institucion/migraciones/noticias/350254-migraciones and write to a123@unhcr.org"
    assert only(spans_of(text), "QUANTITY") == []


@pytest.mark.parametrize("sentence,expected", [
    ("transferencias por USD 2,3 millones a 7.800 hogares", [("MONEY", "USD 2,3 millones", 2300000), ("QUANTITY", "7.800", 7800)]),
    ("ingresaron de 300 a 1.500 personas", [("QUANTITY", "300 a 1.500", 300)]),
    ("the share fell from 1,200 to 900 cases", [("QUANTITY", "1,200", 1200), ("QUANTITY", "900", 900)]),
])
def test_a_range_needs_a_larger_second_figure(spans_of, sentence, expected):
    found = [(label, text, record["value"]) for label, text, record in spans_of(sentence, lang="es" if "ingresaron" in sentence or "hogares" in sentence else "en")
             if label in ("QUANTITY", "MONEY")]
    assert found == expected


@pytest.mark.parametrize("sentence", ["almost two thirds of the refugees", "one quarter of households", "dos tercios de los hogares"])
def test_fractions_are_not_counts(spans_of, sentence):
    assert only(spans_of(sentence), "QUANTITY") == []


def test_the_language_is_guessed_when_not_given(nlp):
    import sitrep_nlp

    spanish = sitrep_nlp.process("Los socios atendieron a 1.200 personas refugiadas y migrantes en la ciudad de Lima.", nlp=nlp)
    english = sitrep_nlp.process("Partners assisted 1.200 of the people in the city of Lima.", nlp=nlp)
    assert spanish._.lang == "es" and english._.lang == "en"
    assert [s._.value for s in spanish.spans["sitrep"] if s.label_ == "QUANTITY"] == [1200]
