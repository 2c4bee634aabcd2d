"""DATE: forms, ranges, parts of a period, context years and the report date."""
import pytest

import sitrep_nlp
from conftest import only


@pytest.mark.parametrize("sentence,surface,value", [
    ("On 3 May, the government announced", "3 May", "2020-05-03"),
    ("resumed in mid-March", "mid-March", "2020-03"),
    ("until 30 June.", "30 June", "2020-06-30"),
    ("during July", "July", "2020-07"),
    ("Arrivals since 2016", "2016", "2016"),
    ("from 01/08 to 31/10", "01/08 to 31/10", "2020-08-01/2020-10-31"),
    ("from 3 to 7 October", "3 to 7 October", "2020-10-03/2020-10-07"),
    ("by 31 December 2019", "31 December 2019", "2019-12-31"),
    ("published on 14-OCT-2022", "14-OCT-2022", "2022-10-14"),
    ("by the end of 2019", "end of 2019", "2019-12"),
    ("during the first week of April", "the first week of April", "2020-04-01/2020-04-07"),
    ("Arrivals (2017-2019)", "2017-2019", "2017/2019"),
    ("March 30, 2021.", "March 30, 2021", "2021-03-30"),
    ("el 14 de octubre de 2022", "14 de octubre de 2022", "2022-10-14"),
    ("a fines de septiembre", "fines de septiembre", "2020-09"),
    ("in the second half of 2023", "the second half of 2023", "2023-07/2023-12"),
    ("in the first quarter of 2024", "the first quarter of 2024", "2024-01/2024-03"),
    ("results for Q4 2023", "Q4 2023", "2023-10/2023-12"),
    ("People reached (Jan-Sep 2023)", "Jan-Sep 2023", "2023-01/2023-09"),
    ("in Sept. 2023 alone", "Sept. 2023", "2023-09"),
    ("alcanzadas (ene-sep 2023)", "ene-sep 2023", "2023-01/2023-09"),
    ("durante el primer semestre de 2023", "el primer semestre de 2023", "2023-01/2023-06"),
    ("en el tercer trimestre del 2022", "el tercer trimestre del 2022", "2022-07/2022-09"),
    ("from May to August", "May to August", "2020-05/2020-08"),
    ("on 2020-05-03", "2020-05-03", "2020-05-03"),
])
def test_date_forms(spans_of, sentence, surface, value):
    found = only(spans_of(sentence, report_date="2020-10-31"), "DATE")
    assert [(t, r["value"]) for t, r in found] == [(surface, value)]


def test_dates_joined_by_and_are_separate_and_share_context(spans_of):
    found = only(spans_of("on 22 and 23 June 2021, and in August and September 2021"), "DATE")
    assert [(t, r["value"]) for t, r in found] == [
        ("22", "2021-06-22"), ("23 June 2021", "2021-06-23"), ("August", "2021-08"), ("September 2021", "2021-09")
    ]


def test_a_preposition_or_a_part_of_the_year_under_a_heading_is_no_name(spans_of):
    for text in ("Overview\nIn 2024, partners reached 612,000 people. They aim to reach 480,000 people by December.",
                 "**Regional overview**\nIn the first quarter of 2024, partners reached 612,000 people. They aim to reach 480,000 by December."):
        found = only(spans_of(text, report_date="2024-03-31"), "DATE")
        assert [(t, r["value"]) for t, r in found][-1] == ("December", "2024-12")


def test_the_start_of_an_open_period_lends_no_year(spans_of):
    found = only(spans_of("Since April 2018, 92,000 people have been relocated. In September, 2,870 were relocated.",
                          report_date="2022-09-30"), "DATE")
    assert [(t, r["value"]) for t, r in found] == [("April 2018", "2018-04"), ("September", "2022-09")]
    found = only(spans_of("In April 2018, 300 people arrived. In September, 200 more.", report_date="2022-09-30"), "DATE")
    assert [(t, r["value"]) for t, r in found] == [("April 2018", "2018-04"), ("September", "2018-09")]


def test_year_comes_from_the_sentence_then_the_paragraph(spans_of):
    text = "Tacna plans to finish by 31 December 2019, and work resumed in March.\n\nIn May, partners met."
    found = only(spans_of(text, report_date="2021-06-30"), "DATE")
    assert [(t, r["value"]) for t, r in found] == [("31 December 2019", "2019-12-31"), ("March", "2019-03"), ("May", "2021-05")]


def test_a_date_after_the_report_date_takes_the_year_before(spans_of):
    found = only(spans_of("Arrivals peaked in December.", report_date="2021-01-31"), "DATE")
    assert found[0][1]["value"] == "2020-12"


@pytest.mark.parametrize("sentence,report_date,value", [
    ("The permit is valid until 31 August.", "2020-07-31", "2020-08-31"),   # one month after: same year
    ("UNICEF plans to reach them by August.", "2022-05-31", "2022-08"),      # within three months
    ("The campaign runs until 31 October.", "2020-07-31", "2020-10-31"),     # exactly three months
    ("The campaign ran until 1 November.", "2020-07-31", "2019-11-01"),      # more than three months
    ("Registration closed on 28 February.", "2020-11-30", "2020-02-28"),     # before the report date: its year
])
def test_a_date_rolls_back_only_more_than_three_months_after_the_report_date(spans_of, sentence, report_date, value):
    found = only(spans_of(sentence, report_date=report_date), "DATE")
    assert found[0][1]["value"] == value


def test_years_in_parentheses_do_not_lend_context(spans_of):
    text = "The plan (approved in 2018) was reviewed in March."
    found = only(spans_of(text, report_date="2020-06-30"), "DATE")
    assert found[-1][1]["value"] == "2020-03"


def test_footnotes_do_not_lend_context(spans_of):
    text = "Partners met on 2 April.\n1 DTM. Round Four. April 2, 2019.\nIn March, partners met again."
    found = only(spans_of(text, report_date="2021-04-30"), "DATE")
    assert found[-1][1]["value"] == "2021-03"


def test_relative_expressions_are_not_dates(spans_of):
    assert only(spans_of("compared to the same period last year and this month"), "DATE") == []


def test_a_capitalized_spanish_month_in_english_text_is_a_name(spans_of):
    assert only(spans_of("Contact Julio Gutierrez, Information Management Officer."), "DATE") == []


@pytest.mark.parametrize("text,date,source", [
    ("Figures up to 31 May 2021. On 3 May partners met.", "2021-05-03", "latest full date"),
    ("SITUATION REPORT August 2020\nOn 3 September partners will meet. Until 30 September 2020 ...", "2020-08-31", "title"),
    ("GTRM PERÚ\nReporte de situación - abril 2021\nEl 30 de mayo de 2021 vence el plazo.", "2021-04-30", "title"),
    ("Key figures\n\nMay - July 2023\n\nOn 3 August partners met.", "2023-07-31", "period line"),
    ("The RMRP 2021 was presented on 1 December. The deadline is 15 January 2021.", "2021-12-01", "latest full date"),
    ("On 3 May partners met. Registration is open until 30 June. The Matricula 2020 platform opened.", "2020-05-03", "latest full date"),
    ("2019 year-end figures. In March partners met.", "2019-12-31", "year-end figures"),
    ("From 01/08 to 31/10\nThe RMRP 2022 continued. In August partners met.", "2022-10-31", "period line"),
])
def test_report_date_is_inferred_and_its_source_recorded(nlp, text, date, source):
    doc = sitrep_nlp.process(text, nlp=nlp)
    assert (doc._.report_date, doc._.report_date_source) == (date, source)


def test_a_year_in_a_name_lends_no_year(nlp):
    doc = sitrep_nlp.process("The Refugee and Migrant Response Plan (RMRP) 2021 was presented on 1 December.", report_date="2020-12-31", nlp=nlp)
    assert [(span.text, span._.value) for span in doc.spans["sitrep"] if span.label_ == "DATE"] == [("2021", "2021"), ("1 December", "2020-12-01")]


def test_given_report_date_wins(nlp):
    doc = sitrep_nlp.process("By 31 May 2021 partners met in March.", report_date="2022-01-31", nlp=nlp)
    assert (doc._.report_date, doc._.report_date_source) == ("2022-01-31", "given")


@pytest.mark.parametrize("sentence,surface,value", [
    ("published on 31/12/2019", "31/12/2019", "2019-12-31"),
    ("el 14-AGO-2022", "14-AGO-2022", "2022-08-14"),
    ("until 01.08.2021", "01.08.2021", "2021-08-01"),
])
def test_compact_full_dates_are_read_by_dateparser(spans_of, sentence, surface, value):
    assert [(t, r["value"]) for t, r in only(spans_of(sentence), "DATE")] == [(surface, value)]


def test_an_impossible_date_is_not_a_date(spans_of):
    assert only(spans_of("a form dated 31/02/2021"), "DATE") == []
