import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import sitrep_nlp
from sitrep_nlp.repair import repair

ARTIFACT_TEXT = st.text(
    alphabet=st.sampled_from(list("ab AB19,.$\\*-\n\t|\u00a0\u00adSituonRMP%K")), max_size=120
)


def test_letter_spaced_headings_are_joined():
    repaired = repair(" Si t u a t i o n  \nRespon s e\nCoo r d i n a t i o n  \n")
    assert repaired.text.split() == ["Situation", "Response", "Coordination"]


def test_letter_spacing_keeps_the_gap_between_capitalized_words():
    assert repair("PEOPLE R E A C H E D\n").text == "PEOPLE REACHED\n"


def test_escaped_dollar_maps_back_to_the_dollar_sign():
    source = "REQUIREMENT: \\$148.64 M"
    repaired = repair(source)
    assert repaired.text == "REQUIREMENT: $148.64 M"
    start = repaired.offsets.to_source_start(repaired.text.index("$"))
    assert source[start:] == "$148.64 M"


def test_a_footnote_mark_after_a_word_is_dropped_and_offsets_map_back():
    source = "reached 7.32 million worldwide\u00b9, of whom 50 m\u00b2 shelters"
    repaired = repair(source)
    assert repaired.text == "reached 7.32 million worldwide, of whom 50 m\u00b2 shelters"
    start = repaired.offsets.to_source_start(repaired.text.index("of whom"))
    assert source[start:].startswith("of whom")


def test_figures_broken_by_stray_spaces_are_joined():
    assert repair("RMRP 2,029 50 , 128  1 1 ,263   35 3 ,640 -  8 ,833").text == "RMRP 2,029 50,128 11,263 35 3,640 - 8,833"


def test_prose_commas_are_not_read_as_thousands():
    assert repair("In 2019, 120 persons and 3, 400 kits").text == "In 2019, 120 persons and 3, 400 kits"


def test_hyphenation_and_wrapped_lines():
    source = (
        "partners supported the pre-registration of highly vulnerable organi-\n"
        "zations working with refugees, migrants and host \n"
        "community members in Lima"
    )
    assert "organizations" in repair(source).text
    assert "host community members" in repair(source).text


def test_lines_of_a_key_figure_list_stay_apart():
    source = "1.286.000 refugiados y migrantes venezolanos en el Perú\n312,5K solicitantes de refugio\n"
    assert repair(source).text == source
    wrapped = "GTRM partners assisted refugees and migrants in Lima and supported some\n1,630 Venezuelans.\n"
    assert "\n1,630" not in repair(wrapped).text  # prose that wraps before a figure is still joined


def test_odd_spaces_and_soft_hyphens():
    assert repair("some\u00a0150 infor\u00admation").text == "some 150 information"


@given(ARTIFACT_TEXT)
@settings(max_examples=300, deadline=None)
def test_offset_map_is_monotonic_and_in_bounds(source):
    repaired = repair(source)
    offsets = repaired.offsets
    starts = [offsets.to_source_start(i) for i in range(len(repaired.text) + 1)]
    ends = [offsets.to_source_end(i) for i in range(len(repaired.text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= offset <= len(source) for offset in starts + ends)
    for index in range(len(repaired.text)):
        # A cleaned character comes from the source stretch it maps to.
        assert starts[index] < ends[index + 1]


def normalized(text):
    return regex.sub(r"[\s*\\\-\u00ad]", "", text)


@given(ARTIFACT_TEXT)
@settings(max_examples=150, deadline=None)
def test_records_point_at_what_the_rules_read(source):
    doc = sitrep_nlp.process(source, report_date="2020-05-31")
    for record, span in zip(sitrep_nlp.doc_to_records(doc), doc.spans["sitrep"]):
        assert record["text"] == source[record["start"]:record["end"]]
        assert normalized(record["text"]) == normalized(span.text)


def test_letter_spaced_figures_are_joined_with_their_offsets():
    """Issue 19: `S o m e 1 , 5 3 0 , 0 0 0` gave seven figures (1, 5, 3, 0, 0, 0, 0)."""
    for source in ("S o m e 1 , 5 3 0 , 0 0 0 refugees and migrants arrived in Peru.",
                   "S o m e   1 , 5 3 0 , 0 0 0   r e f u g e e s   a n d   m i g r a n t s\n"):
        figures = [record for record in sitrep_nlp.extract(source) if record["label"] == "QUANTITY"]
        assert [(record["value"], record["qualifier"]) for record in figures] == [(1530000, "approx")]
        assert source[figures[0]["start"]:figures[0]["end"]] == figures[0]["text"]
        assert figures[0]["text"].startswith("S o m e") and figures[0]["text"].endswith("0 0 0")


def test_letter_spaced_key_figures_keep_their_words_apart():
    assert repair("R E F U G E E S   I N   P E R U   8 2 9 , 0 0 0\n").text == "REFUGEES IN PERU 829,000\n"
    assert repair("1 9 % F U N D E D : $ 2 8 . 2 5 M\n").text == "19% FUNDED: $28.25 M\n"
    assert repair("8 2 9 , 0 0 0\n").text == "829,000\n"


def test_rows_of_small_numbers_are_not_letter_spacing():
    for row in ("Tumbes 1 2 3 4\n", "1 2 3\n", "Children 0 - 5 years\n"):
        assert repair(row).text == row


def test_prose_wrapped_in_a_narrow_column_is_joined():
    """Issue 19: in a two-column PDF, `received` ended a line and `Cash-Based Interventions`
    stood on the next as if it were a sector heading, filing the figures below under cash."""
    source = ("reinscripcion-de-extranjeros-irregulares\nsupported and nearly 40,640 received\n"
              "Cash-Based Interventions\n(CBI) to support food security, doubling\n")
    assert "nearly 40,640 received Cash-Based Interventions" in repair(source).text
    for listed in ("Lima\nCallao\nTumbes\n", "Response\nPartners reached 300 people in Lima and Callao with food kits.\n"):
        assert repair(listed).text == listed  # short lines and headings stay lines


def test_a_letter_spaced_heading_keeps_the_word_after_it():
    assert repair("Coo r d i n a t i o n GTRM's preparedness efforts\n").text == "Coordination GTRM's preparedness efforts\n"
