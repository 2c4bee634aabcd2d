"""DECREE, ORG, LOCATION and GROUP, and how overlaps between labels are resolved."""
import pytest

from conftest import only


@pytest.mark.parametrize("sentence,surface,value,kind", [
    ("Through Supreme Decree 010-2020-IN the CPP was created.", "Supreme Decree 010-2020-IN", "Supreme Decree 010-2020-IN", "supreme_decree"),
    ("El Decreto Supremo N° 007-2017-IN reglamenta la ley.", "Decreto Supremo N° 007-2017-IN", "Supreme Decree 007-2017-IN", "supreme_decree"),
    ("under Resolution 000121-2021-Migraciones", "Resolution 000121-2021-Migraciones", "Resolution 000121-2021-MIGRACIONES", "resolution"),
    ("Law N°32021 was approved", "Law N°32021", "Law 32021", "law"),
    ("Ley No. 32021", "Ley No. 32021", "Law 32021", "law"),
    ("Legislative Decree No. 1350 (Migration Law)", "Legislative Decree No. 1350", "Legislative Decree 1350", "legislative_decree"),
    ("Decreto de Urgencia N° 044-2021", "Decreto de Urgencia N° 044-2021", "Emergency Decree 044-2021", "emergency_decree"),
    ("Executive Decree 826 in Ecuador", "Executive Decree 826", "Executive Decree 826", "executive_decree"),
    ("el PL N° 00016/2021-CR", "PL N° 00016/2021-CR", "Bill 00016/2021-CR", "bill"),
    ("Acuerdo Interministerial 001/2020", "Acuerdo Interministerial 001/2020", "Inter-Ministerial Agreement 001/2020", "agreement"),
    ("the Inter-ministerial Agreement 103/2019 of", "Inter-ministerial Agreement 103/2019", "Inter-Ministerial Agreement 103/2019", "agreement"),
    ("notes.\n\n¹Supreme Decree 003-2023-IN sets", "Supreme Decree 003-2023-IN", "Supreme Decree 003-2023-IN", "supreme_decree"),
    ("Resolución de Superintendencia N° 000109-2022-Migraciones", "Resolución de Superintendencia N° 000109-2022-Migraciones", "Resolution 000109-2022-MIGRACIONES", "resolution"),
])
def test_decree_forms(spans_of, sentence, surface, value, kind):
    (text, record), = only(spans_of(sentence), "DECREE")
    assert (text, record["value"], record["kind"]) == (surface, value, kind)


def test_unnumbered_laws_are_not_decrees(spans_of):
    assert only(spans_of("The Nationality Law and the Civil Code apply."), "DECREE") == []


@pytest.mark.parametrize("sentence,surface,value", [
    ("with the support of ACNUR", "ACNUR", "UNHCR"),
    ("UNHCR and OIM", "UNHCR", "UNHCR"),
    ("the Superintendence of Migration (SNM)", "Superintendence of Migration", "SNM"),
    ("the Ministry of Education (MINEDU)", "Ministry of Education", "MINEDU"),
    ("OPS/OMS supported", "OPS/OMS", "PAHO/WHO"),
    ("the CICR reported", "CICR", "ICRC"),
    ("with the Embassy of Canada", "Embassy of Canada", "Embassy of Canada"),
    ("with the Ministry of Tourism and Trade", "Ministry of Tourism and Trade", "Ministry of Tourism and Trade"),
    ("UNHCR-supported shelters", "UNHCR", "UNHCR"),
    ("UN agencies and NGOs", "UN", "UN"),
    ("the Congress of the Republic approved", "Congress of the Republic", "Congreso de la República"),
])
def test_org_forms(spans_of, sentence, surface, value):
    found = only(spans_of(sentence), "ORG")
    assert (found[0][0], found[0][1]["value"]) == (surface, value)


def test_every_name_of_a_partner_list_is_an_org(spans_of):
    text = "Acción contra el Hambre | ACNUR | ADRA |AECID| Fundación Nueva Esperanza | FORO SALUD Callao | OIM.\n"
    found = only(spans_of(text), "ORG")
    assert [(t, r["value"]) for t, r in found] == [
        ("Acción contra el Hambre", "ACF"), ("ACNUR", "UNHCR"), ("ADRA", "ADRA"), ("AECID", "AECID"),
        ("Fundación Nueva Esperanza", "Fundación Nueva Esperanza"), ("FORO SALUD Callao", "Foro Salud Callao"), ("OIM", "IOM"),
    ]
    assert only(spans_of(text), "LOCATION") == []


def test_sectors_and_government_are_not_orgs(spans_of):
    assert only(spans_of("the Protection Sector and the Government of Peru"), "ORG") == []


@pytest.mark.parametrize("sentence,surface,value,country", [
    ("In Tumbes, partners", "Tumbes", "Tumbes", "PER"),
    ("in Madre de Dios and Cusco", "Madre de Dios", "Madre de Dios", "PER"),
    ("at the CEBAF", "CEBAF", "CEBAF", "PER"),
    ("crossing into Peru from Ecuador", "Peru", "Peru", "PER"),
    ("refugees from Venezuela", "Venezuela", "Venezuela", "VEN"),
    ("en el Perú", "Perú", "Peru", "PER"),
])
def test_location_forms(spans_of, sentence, surface, value, country):
    found = only(spans_of(sentence), "LOCATION")
    assert (found[0][0], found[0][1]["value"], found[0][1]["country"]) == (surface, value, country)


def test_adjectives_are_not_locations(spans_of):
    assert only(spans_of("Peruvian and Venezuelan nationals"), "LOCATION") == []


@pytest.mark.parametrize("sentence,surfaces", [
    ("some 1,200 persons received kits", [("persons", "people")]),
    ("Venezuelan refugees and migrants crossed", [("Venezuelan refugees and migrants", "refugees_migrants")]),
    ("850 pregnant and lactating women", [("pregnant and lactating women", "pregnant_lactating_women")]),
    ("refugees and asylum-seekers", [("refugees", "refugees"), ("asylum-seekers", "asylum_seekers")]),
    ("Over 150 women and adolescent survivors of gender-based violence", [("women and adolescent survivors of gender-based violence", "gbv_survivors")]),
    ("host community members with disabilities", [("host community members with disabilities", "persons_with_disabilities")]),
    ("refugee and migrant children", [("refugee and migrant children", "children")]),
    ("people in need of international protection", [("people in need of international protection", "people_of_concern")]),
    ("refugees and migrants from Venezuela", [("refugees and migrants", "refugees_migrants")]),
    ("Venezuelans seeking asylum", [("Venezuelans", "venezuelans")]),
    ("foreigners living in Peru", [("foreigners", "migrants")]),
    ("300 unaccompanied children", [("unaccompanied children", "unaccompanied_children")]),
    ("refugiados y migrantes venezolanos", [("refugiados y migrantes venezolanos", "refugees_migrants")]),
])
def test_group_forms(spans_of, sentence, surfaces):
    found = only(spans_of(sentence), "GROUP")
    assert [(t, r["value"]) for t, r in found] == surfaces


def test_generic_people_need_a_count(spans_of):
    assert only(spans_of("People from the district of Miraflores met the families."), "GROUP") == []


def test_one_label_per_stretch(spans_of):
    spans = spans_of("Resolution 000121-2021-Migraciones, FORO SALUD Callao and the Embassy of Canada met on 7 April 2021.")
    labels = [(label, text) for label, text, _ in spans]
    assert ("DECREE", "Resolution 000121-2021-Migraciones") in labels
    assert ("ORG", "FORO SALUD Callao") in labels and ("ORG", "Embassy of Canada") in labels
    assert not any(label in ("LOCATION", "QUANTITY") for label, _ in labels)
    records = [record for _, _, record in spans]
    for first, second in zip(records, records[1:]):
        assert first["end"] <= second["start"]


def test_known_names_run_together_in_a_partner_list_are_split(spans_of):
    text = "ADRA | Consejo Interreligioso - Religiones por la Paz Cooperazione Internazionale COOPI | COPEME | HIAS.\n"
    found = [(t, r["value"]) for t, r in only(spans_of(text), "ORG")]
    assert found == [("ADRA", "ADRA"), ("Consejo Interreligioso - Religiones por la Paz", "Consejo Interreligioso - Religiones por la Paz"),
                     ("Cooperazione Internazionale COOPI", "COOPI"), ("COPEME", "COPEME"), ("HIAS", "HIAS")]


def test_an_office_is_one_span_with_its_organisation(spans_of):
    found = [(t, r["value"]) for t, r in only(spans_of("The UNHCR Regional Office met the National Humanitarian Network."), "ORG")]
    assert found == [("UNHCR Regional Office", "UNHCR"), ("National Humanitarian Network", "Red Humanitaria Nacional")]


def test_two_names_joined_by_and_the_are_two_orgs(spans_of):
    found = [(t, r["value"]) for t, r in only(spans_of("the Embassy of Switzerland and the World Bank presented a study"), "ORG")]
    assert found == [("Embassy of Switzerland", "Embassy of Switzerland"), ("World Bank", "World Bank")]


def test_a_code_before_a_full_stop_is_still_found(spans_of):
    assert [t for t, _ in only(spans_of("1 R4V. Joint Needs Assessment."), "ORG")] == ["R4V"]


def test_partner_names_match_with_or_without_accents(spans_of):
    found = [(t, r["value"]) for t, r in only(spans_of("Socios: ACNUR | CARE Perú | Caritas del Perú | Cáritas del Peru.\n"), "ORG")]
    assert found == [("ACNUR", "UNHCR"), ("CARE Perú", "CARE"), ("Caritas del Perú", "Cáritas del Perú"), ("Cáritas del Peru", "Cáritas del Perú")]


def test_spanish_survivors_share_their_head(spans_of):
    found = [(t, r["value"]) for t, r in only(spans_of("3.150 mujeres y niñas sobrevivientes de violencia basada en género", lang="es"), "GROUP")]
    assert found == [("mujeres y niñas sobrevivientes de violencia basada en género", "gbv_survivors")]
