import re
from dataclasses import replace

import numpy as np
import pytest

from policyqa.answer.compose import Context, compose, unknown_names, validate_question
from policyqa.answer.evidence import Evidence, announces_list, candidates, list_end, overlap, score, select
from policyqa.answer.followup import read_follow_up
from policyqa.answer.question import analyse, has_attribute, names_in, split_parts
from policyqa.errors import QuestionError
from policyqa.records import Chunk, Citation, Hit
from policyqa.text import bm25_tokens, make_stemmer

SIGNED = "The agreement was signed in December 2023. It has a crisis response mechanism."
RAPIDUS = "Rapidus is a logic semiconductor foundry announced by METI in November 2022."


def hit(rank: int, text: str, kind: str = "passage") -> Hit:
    chunk = Chunk(f"doc:{rank}", "doc", text, kind, 3, "Intro", 0, len(text))
    return Hit(chunk=chunk, title="A report", score=1.0 / rank, rank=rank)


def context(embedder, words: str) -> Context:
    """Sentence vectors embedded as asked: these hits belong to no index that stored them."""

    def sentence_vectors(found):
        return embedder.embed([h.chunk.text[start:end] for h, start, end in found])

    return Context(sentence_vectors=sentence_vectors, stemmer=None, vocabulary=frozenset(words.lower().split()))


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_refused(question):
    with pytest.raises(QuestionError, match="empty"):
        validate_question(question, max_chars=100)


def test_overlong_question_names_its_length_and_the_limit():
    with pytest.raises(QuestionError, match="10,000 characters long; the limit is 2,000"):
        validate_question("x" * 10_000, max_chars=2000)


@pytest.mark.parametrize(
    "question,wants",
    [
        ("When was the agreement signed?", "date"),
        ("What did the government consider when designating the items?", "general"),
        ("How many countries ratified it?", "number"),
        ("Why is Japan dependent on China?", "reason"),
        ("Which countries have ratified the IPEF agreement?", "names"),
        ("What is the reason for demanding a test flight before service?", "reason"),
        ("What was the main rationale behind the export controls?", "reason"),
        ("What prompted the ministry to act?", "reason"),
        ("What fee does the agency charge to process an application?", "number"),  # a sum of money by its kind
        ("What annual salary does the post pay?", "number"),
        ("What criminal charges did prosecutors bring?", "general"),  # charges laid, no sum of money
        ("What toll road was built?", "general"),  # the money word names a kind of thing
        ("What wage policy did the ministry adopt?", "general"),
        ("Under the plan, how would the new software keep one faulty sensor from tripping the alarm?", "means"),
        ("How is the residence test worked out?", "means"),
        ("In what way does the levy reach importers?", "means"),
        ("How long does the test take?", "number"),  # how long, many, much: a number
    ],
)
def test_asked_attribute(question, wants):
    assert analyse(question).wants == wants


def test_how_many_wants_a_quantity_not_a_year_or_the_question_own_number():
    asked = analyse("How many items were added in 2024?")
    assert not has_attribute("Items were added in March 2024.", "number", asked=asked)
    assert has_attribute("Eleven items were added in March 2024.", "number", asked=asked)


def test_a_why_question_answered_by_a_consequence_gets_the_cause_before_it():
    stemmer = make_stemmer()
    text = (
        "The panel revisits the same farms every year. Therefore, the interviewers know the owners, "
        "which keeps refusals to answer rare."
    )
    passage, cut = hit(1, text), text.index("Therefore")
    found = [(passage, 0, cut - 1), (passage, cut, len(text))]
    flat = np.zeros((2, 4))
    why = score(analyse("Why are refusals to answer rare in the panel?"), np.zeros(4), found, flat, stemmer=stemmer)
    assert why[0].text.startswith("The panel revisits the same farms every year. Therefore,")
    what = score(analyse("What keeps refusals to answer rare?"), np.zeros(4), found, flat, stemmer=stemmer)
    assert any(e.text.startswith("Therefore,") for e in what)  # read alone when no cause is asked


def test_a_definition_resting_on_a_word_defined_next_is_given_with_that_definition():
    from policyqa.answer.evidence import with_defined_part

    text = (
        "Anyone who does farm work is a seasonal hand if the owner sets the hours. "
        "Farm work includes picking, packing and pruning. Owners file by June."
    )
    cut = text.index("Farm work")
    evidence = Evidence(hit(1, text), 0, cut - 1, 1.0, True)
    assert with_defined_part(evidence, "seasonal hand").text.endswith("picking, packing and pruning.")
    # the next sentence defines nothing the definition uses: left out
    other = "Anyone who picks fruit is a seasonal hand. Owners file by June."
    alone = Evidence(hit(1, other), 0, other.index("Owners") - 1, 1.0, True)
    assert with_defined_part(alone, "seasonal hand").text == "Anyone who picks fruit is a seasonal hand."
    # nor words of no content the definition happens to use ("All of them are paid weekly.")
    pronoun = "A seasonal hand picks for all of them by the hour. All of them are paid weekly."
    first = Evidence(hit(1, pronoun), 0, pronoun.index("All of") - 1, 1.0, True)
    assert with_defined_part(first, "seasonal hand").text == "A seasonal hand picks for all of them by the hour."


def test_a_list_asked_for_keeps_the_items_after_as_well_as_but_not_the_commentary():
    from policyqa.answer.evidence import trim

    text = (
        "Many partner countries face challenges, including the need for ports, as well as adapting to "
        "different labor rules and tax regimes, raising doubts about quick relocation."
    )
    evidence = Evidence(hit(1, text), 0, len(text), 1.0, True)
    listed = trim(evidence, analyse("Which challenges do partner countries face?"), None).text
    assert listed.endswith("different labor rules and tax regimes")
    single = trim(evidence, analyse("What do partner countries need?"), None).text
    assert single.endswith("the need for ports")


def test_every_sentence_of_the_document_a_question_names_as_its_source_says_that_name():
    stemmer = make_stemmer()
    question = "Which defects does the ACME paper cite as making homes unsafe?"
    assert analyse(question).sources == ("ACME",)
    content = "Defects making homes unsafe include exposed wiring."
    source = "ACME cited the homes by region."
    found = [(hit(1, source), 0, len(source)), (hit(2, content), 0, len(content))]
    flat = np.zeros((2, 4))  # equal in meaning: the wording decides
    named = {"doc": frozenset(bm25_tokens("ACME housing survey", stemmer))}
    plain = score(analyse(question), np.zeros(4), found, flat, stemmer=stemmer)
    placed = score(analyse(question), np.zeros(4), found, flat, stemmer=stemmer, named=named)
    assert plain[0].text == source and placed[0].text == content
    # a name the question asks about, not where, counts as before
    assert analyse("Which defects did ACME find in unsafe homes?").sources == ()


@pytest.mark.parametrize(
    ("sentence", "carries"),
    [
        ("Radon above 4 picocuries per liter can be reduced by mitigation.", False),  # a number, no share
        ("In 2031, 5.2% of householders reported radon.", True),
        ("Radon affected 36 percent of the homes tested.", True),
        ("About one-third of the homes tested had radon.", True),
        ("Radon was found in 3 in 10 homes.", True),
        ("Radon tests rose 12 times in the first half of 2031.", False),  # a period, not a share
    ],
)
def test_a_share_asked_wants_a_percentage_or_a_fraction_not_any_number(sentence, carries):
    asked = analyse("What share of homes had radon above the action level in 2031?")
    assert has_attribute(sentence, "number", asked=asked) is carries
    assert has_attribute(sentence, "number", asked=analyse("How many homes had radon?"))  # any number counts


@pytest.mark.parametrize(
    "sentence",
    [
        "The directive applies to Pilatus Model PC-12/47E airplanes.",  # a model code
        "It supersedes AD 2018-23-51 for these airplanes.",  # a document number
        "It has no federalism implications under Executive Order 13132.",  # a reference
        "See Part 39 of the rules.",
    ],
)
def test_numbers_inside_codes_and_references_count_nothing(sentence):
    asked = analyse("How many airplanes would the directive cover?")
    assert not has_attribute(sentence, "number", asked=asked)


@pytest.mark.parametrize(
    ("sentence", "dated"),
    [
        ("It supersedes AD 2018-23-51 for these airplanes.", False),  # a year heading a document number
        ("The notice is FR Doc. 2020-17221, filed this week.", False),
        ("The grounding order was lifted in November 2020.", True),
        ("Enrolment peaked in the 2012-13 school year.", True),  # a span of years is a date
        ("Rates fell over 2018–2019.", True),
    ],
)
def test_a_year_heading_a_code_is_no_date(sentence, dated):
    assert has_attribute(sentence, "date") is dated


def test_a_quantity_next_to_a_code_still_counts():
    asked = analyse("How many airplanes would the directive cover?")
    assert has_attribute("It affects 73 Model 737-8 airplanes.", "number", asked=asked)
    assert has_attribute("Prices rose 5-10 percent.", "number", asked=asked)


def test_multi_part_questions_split_on_a_second_question_only():
    assert split_parts("When was the Act enacted and how many materials were designated?") == [
        "When was the Act enacted",
        "how many materials were designated",
    ]
    assert split_parts("How did the share change between 2010 and 2024?") == [
        "How did the share change between 2010 and 2024"
    ]


def test_overlap():
    assert overlap({"ipef", "sign"}, {"ipef", "sign", "decemb"}) == 1.0
    assert overlap({"ipef", "sign"}, {"ipef"}) == 0.5
    assert overlap(set(), {"ipef"}) == 0.0


def test_select_adds_a_close_second_that_says_something_new():
    a, b = hit(1, SIGNED), hit(2, RAPIDUS)
    info = analyse("What happened?")
    best = Evidence(a, 0, 42, 0.9, True)
    close, far = Evidence(b, 0, len(RAPIDUS), 0.85, True), Evidence(b, 0, len(RAPIDUS), 0.2, True)
    assert select([best, close], info, limit=3, ratio=0.85) == [best, close]
    assert select([best, far], info, limit=3, ratio=0.85) == [best]
    assert select([Evidence(a, 0, 42, 0.9, False)], info, limit=3, ratio=0.85) == []


def test_compose_cites_and_highlights_the_sentence_that_answers(fake_embedder):
    hits = [hit(1, SIGNED), hit(2, RAPIDUS)]
    question = "When was the agreement signed?"
    composed = compose(
        question,
        fake_embedder.embed([question])[0],
        hits,
        np.array([0.8, 0.4]),
        context(fake_embedder, SIGNED + " " + RAPIDUS),
    )
    assert not composed.abstained and composed.route == "text"
    assert composed.answer == "The agreement was signed in December 2023. [1]"
    assert composed.citations == (Citation(1, "doc", "A report", 3, "Intro", SIGNED, "passage", (0, 42)),)
    assert SIGNED[0:42] == "The agreement was signed in December 2023."


def test_compose_abstains_when_nothing_is_close(fake_embedder):
    hits = [hit(1, RAPIDUS)]
    question = "What is the policy on cheese?"
    composed = compose(
        question,
        fake_embedder.embed([question])[0],
        hits,
        np.array([0.05]),
        context(fake_embedder, RAPIDUS + " policy cheese"),
    )
    assert composed.abstained and composed.citations == ()
    assert composed.answer.startswith("The corpus does not cover this question (no passage is close")


def test_compose_abstains_on_names_the_corpus_never_uses(fake_embedder):
    question = "What share of Japan's imports came from Brazil?"
    composed = compose(
        question,
        fake_embedder.embed([question])[0],
        [hit(1, SIGNED)],
        np.array([0.9]),
        context(fake_embedder, "japan share imports"),
    )
    assert composed.abstained and "it never mentions Brazil" in composed.answer
    assert unknown_names(question, context(fake_embedder, "japan brazil")) == []


def test_compose_abstains_when_the_asked_year_is_not_in_the_evidence(fake_embedder):
    question = "When was the agreement signed in 1995?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, SIGNED)], np.array([0.9]), context(fake_embedder, SIGNED)
    )
    assert composed.abstained and "nothing in it is about 1995" in composed.answer


def test_a_year_the_document_title_carries_dates_every_passage_of_it(fake_embedder):
    # A yearly form's instructions never repeat "2007" in the sentence that answers: the title does.
    text = "Your employer must send Form W-2 to you no later than January 31."
    question = "By when must employers send the 2007 Form W-2?"
    dated = replace(hit(1, text), title="2007 Instruction 1040-NR")
    composed = compose(
        question, fake_embedder.embed([question])[0], [dated], np.array([0.9]), context(fake_embedder, text)
    )
    assert not composed.abstained and "January 31" in composed.answer
    undated = compose(
        question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.9]), context(fake_embedder, text)
    )
    assert undated.abstained and "nothing in it is about 2007" in undated.answer


def test_a_date_naming_the_document_is_met_by_the_document_name(fake_embedder):
    # "the USGS 2031 commodity summary": the file is named for its year, no sentence repeats it
    text = "Foreign competition, particularly from Ruritania, is expected to curtail production."
    question = "According to the USGS 2031 commodity summary, competition from which country will curtail production?"
    chunk = replace(hit(1, text).chunk, doc_id="usgs-mcs2031-abrasives")
    named = replace(hit(1, text), chunk=chunk)
    known = context(fake_embedder, f"{text} usgs commodity summary")
    composed = compose(question, fake_embedder.embed([question])[0], [named], np.array([0.9]), known)
    assert not composed.abstained and "Ruritania" in composed.answer
    analysis = "What competition does the USGS 2031 analysis expect to curtail production?"
    composed = compose(analysis, fake_embedder.embed([analysis])[0], [named], np.array([0.9]), known)
    assert not composed.abstained
    # a year the question asks about, not one naming a document, is still unmet
    about = "Which country's competition curtailed production in 2031?"
    unmet = compose(about, fake_embedder.embed([about])[0], [named], np.array([0.9]), known)
    assert unmet.abstained and "nothing in it is about 2031" in unmet.answer


def test_compose_abstains_when_the_answer_misses_what_another_passage_is_about(fake_embedder):
    budget = "The government allocated 827.4 billion yen to batteries."
    tools = "Kioxia and Rapidus make memory and logic chips in Japan."
    question = "How much budget went to Kioxia and Rapidus?"
    ctx = replace(context(fake_embedder, budget + " " + tools + " much went"), rare=frozenset({"kioxia", "rapidus"}))
    hits = [hit(1, budget), hit(2, tools)]
    composed = compose(question, fake_embedder.embed([budget])[0], hits, np.array([0.9, 0.8]), ctx)
    assert composed.abstained
    assert "says anything about kioxia, rapidus" in composed.answer


def test_rare_ordinary_words_the_evidence_lacks_are_no_sign_it_answers_something_else(fake_embedder):
    from policyqa.answer.compose import unmatched_specifics

    reason = "Mold and radon figures are missing because the survey did not measure them."
    other = "Residents need to leave out food waste on Mondays, indoor or out."
    ctx = replace(context(fake_embedder, reason + " " + other), rare=frozenset({"leave", "out", "indoor", "kioxia"}))
    chosen = [Evidence(hit(1, reason), 0, len(reason), 0.9, True)]
    hits = [hit(1, reason), hit(2, other + " Kioxia too.")]
    assert unmatched_specifics("Why did the analysis leave out indoor mold?", chosen, hits, ctx) == []
    # a name the evidence misses while another passage has it still counts
    named = "Why did the analysis leave out indoor mold at Kioxia?"
    assert unmatched_specifics(named, chosen, hits, ctx) == ["leave", "out", "indoor", "kioxia"]


def test_a_theme_of_the_cited_document_need_not_be_repeated_by_its_sentence(fake_embedder):
    from policyqa.answer.compose import unmatched_specifics

    drag = "Drag is the force that resists the aircraft's motion through the air."
    other = "The Zephyr ZX rule applies to all Zephyr ZX aircraft."
    ctx = replace(context(fake_embedder, drag + " " + other), rare=frozenset({"zephyr", "zx", "drag"}))
    chosen = [Evidence(hit(1, drag), 0, len(drag), 0.9, True)]
    hits = [hit(1, drag), hit(2, other)]
    question = "How does the Zephyr ZX proposal define drag?"
    assert unmatched_specifics(question, chosen, hits, ctx) == ["zephyr", "zx"]
    # "Zephyr ZX" is used across the cited document: what all of it is about
    themed = replace(ctx, term_share=lambda term, doc: 0.4 if term in {"zephyr", "zx"} else 0.0)
    assert unmatched_specifics(question, chosen, hits, themed) == []


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("In the survey report, what makes a home count as inadequate?", "inadequate"),
        ("What makes a firm qualify as small?", "small"),
    ],
)
def test_what_makes_a_thing_count_as_a_class_asks_the_class_definition(question, term):
    from policyqa.answer.question import definition_strength

    assert analyse(question).wants == "definition" and analyse(question).term == term
    # a quality is defined with the thing it qualifies
    assert definition_strength(f"{term.capitalize()} housing is defined as a unit with severe problems.", term) == 2
    assert definition_strength(f"{term.capitalize()} housing is rare in the north.", term) == 0


def test_a_term_introduced_with_its_owner_and_doubled_quotes_is_defined_outright():
    from policyqa.answer.question import definition_strength

    sentence = "³A vessel’s bow-up or bow-down angle is known as its ‘‘trim angle.’’ The trim angle is set by ballast."
    assert definition_strength(sentence.split(" The ")[0], "trim angle") == 2
    assert definition_strength("The trim angle is set by ballast tanks in the hull.", "trim angle") == 1


def test_a_list_question_prefers_the_sentence_listing_the_class_it_asks_for():
    from policyqa.answer.evidence import _enumerates
    from policyqa.text import bm25_tokens

    asked = set(bm25_tokens("What examples of minor structural faults does the survey give?", None))
    assert _enumerates(
        "Examples of minor structural faults in a bridge include rust, loose bolts, or cracks.", asked, None
    )
    assert not _enumerates("Major faults include collapse and subsidence.", asked, None)  # another class
    assert not _enumerates("Examples of minor structural faults are rare.", asked, None)  # no items
    # an aside's "such as" lists no members of the class asked for
    aside = "Repair of minor structural faults (examples of which exist, such as rust, cracks and bolts) - v."
    assert not _enumerates(aside, asked, None)


def test_overlap_counts_rare_terms_double():
    assert overlap({"budget", "total", "japan"}, {"budget", "japan"}, rare=frozenset({"budget"})) == 0.75


def test_a_figure_the_tables_lack_is_not_answered_from_an_unrelated_passage(fake_embedder):
    from policyqa.figures.engine import FigureAnswer

    imports = "Japan's imports of fertilizers reached 1,126.2 billion yen in 2024."
    lacking = FigureAnswer(
        "", (), (), covered=False, reason="the tables do not cover soybean", uncovered=("soybean",), measured=True
    )
    ctx = replace(context(fake_embedder, imports + " japan soybean hhi"), figures=lambda question: lacking)
    question = "How much did Japan spend on soybean imports?"
    composed = compose(question, fake_embedder.embed([imports])[0], [hit(1, imports)], np.array([0.9]), ctx)
    assert composed.abstained and "(the tables do not cover soybean)" in composed.answer


def test_a_number_question_about_what_no_table_measures_is_answered_from_its_passage(fake_embedder):
    # the tables lack every name of the question, and it asks no measure any table prints: the
    # passage stating the figure answers, though it words the question's things otherwise
    from policyqa.figures.engine import FigureAnswer

    attack = "A fire at a supplier to Zwolle Motors halted its domestic factories, affecting about 9,000 vehicles."
    uncovered = ("cars", "plants", "zwolle")
    lacking = FigureAnswer("", (), (), covered=False, reason="the tables do not cover cars", uncovered=uncovered)
    ctx = replace(context(fake_embedder, attack), figures=lambda question: lacking)
    question = "How many cars were lost when a fire at a Zwolle supplier shut the carmaker's plants?"
    composed = compose(question, fake_embedder.embed([attack])[0], [hit(1, attack)], np.array([0.9]), ctx)
    assert not composed.abstained and "9,000 vehicles" in composed.answer
    measured = replace(ctx, figures=lambda question: replace(lacking, measured=True))
    composed = compose(question, fake_embedder.embed([attack])[0], [hit(1, attack)], np.array([0.9]), measured)
    assert composed.abstained


@pytest.mark.parametrize(("prose", "route"), [("budget stated", "text"), ("budget not stated", "figure")])
def test_a_figure_question_in_words_the_tables_lack_is_answered_from_the_passage_stating_them(
    fake_embedder, prose, route
):
    from policyqa.figures.engine import FigureAnswer

    budget = "The largest budget allocation is for batteries, at 827.4 billion yen (37.9%)."
    other = "Batteries are a critical item, at 37.9% of the programme."
    passage = budget if prose == "budget stated" else other
    row = "Table 2 | Row: Batteries | 1st supplier: China | 1st share: 70.2%"
    suppliers = FigureAnswer("The top supplier of batteries: China 70.2% [1].", (), (("t", 0),), ignored=("budget",))
    ctx = replace(
        context(fake_embedder, passage + " budget batteries share"),
        figures=lambda question: suppliers,
        row_hit=lambda table_id, index: hit(2, row, "table_row"),
    )
    question = "How much budget went to batteries, and what share was that?"
    hits = [hit(1, passage), hit(2, row, "table_row")]
    composed = compose(question, fake_embedder.embed([passage])[0], hits, np.array([0.9, 0.8]), ctx)
    assert composed.route == route
    assert ("827.4 billion yen" in composed.answer) is (route == "text")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Which ports did Rotterdam overtake?", ["Rotterdam"]),
        # the first word of every sentence is capitalised as a sentence, not as a name
        ("How many had a licence? (following: Roughly how many firms applied in Peru?)", ["Peru"]),
        ("Tin prices rose. Which mines closed in Bolivia?", ["Bolivia"]),
        ("What does the WTO say: Tariffs or quotas?", ["WTO"]),
    ],
)
def test_names_skip_the_first_word_of_each_sentence(text, names):
    assert names_in(text) == names


PORTS = (
    "The review names three priorities for the ports, as follows.\n\n"
    "- Dredging the outer channel to fourteen metres.\n\n"
    "- Shore power at every container berth.\n\n"
    "- A joint customs yard with the rail operator.\n\n"
    "Funding for the second phase is still under discussion."
)


def test_a_sentence_that_announces_a_list_brings_its_items(fake_embedder):
    question = "What priorities does the review name for the ports?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, PORTS)], np.array([0.8]), context(fake_embedder, PORTS)
    )
    assert composed.answer == (
        "The review names three priorities for the ports, as follows. [1]\n"
        "- Dredging the outer channel to fourteen metres. [1]\n"
        "- Shore power at every container berth. [1]\n"
        "- A joint customs yard with the rail operator. [1]"
    )
    [citation] = composed.citations
    start, end = citation.highlight  # the announcement and its items, not the prose after them
    assert PORTS[start:end].endswith("rail operator.") and start == 0


def test_a_list_cut_by_a_passage_boundary_goes_on_in_the_next_passage(fake_embedder):
    first, second = PORTS[:110], PORTS[112:]  # cut after the first item
    assert first.endswith("fourteen metres.") and second.startswith("- Shore power")
    one, two = hit(1, first), hit(2, second)
    two = replace(two, chunk=replace(two.chunk, chunk_id="doc:2", start=one.chunk.end, end=one.chunk.end + len(second)))
    ctx = replace(
        context(fake_embedder, PORTS), following=lambda h: two if h.chunk.chunk_id == one.chunk.chunk_id else None
    )
    question = "What priorities does the review name for the ports?"
    composed = compose(question, fake_embedder.embed([question])[0], [one], np.array([0.8]), ctx)
    assert composed.answer.split("\n") == [
        "The review names three priorities for the ports, as follows. [1]",
        "- Dredging the outer channel to fourteen metres. [1]",
        "- Shore power at every container berth. [2]",
        "- A joint customs yard with the rail operator. [2]",  # the prose after the list is left out
    ]
    start, end = composed.citations[1].highlight
    assert second[start:end].endswith("berth.\n\n- A joint customs yard with the rail operator.")


def test_a_list_announced_by_the_sentence_after_the_best_one_is_given(fake_embedder):
    text = (
        "Exporters may use certain couriers approved by the ministry to meet the filing rule. "
        "These couriers include only the following.\n\n- Harbour Express.\n\n- Northline Freight.\n\nNo others."
    )
    question = "Which couriers can exporters use to meet the filing rule?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), context(fake_embedder, text)
    )
    assert composed.answer.split("\n") == [
        "Exporters may use certain couriers approved by the ministry to meet the filing rule. "
        "These couriers include only the following. [1]",
        "- Harbour Express. [1]",
        "- Northline Freight. [1]",
    ]


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        ("The measures are as follows.", True),
        ("The agency adopted the following:", True),
        ("It lists three risks:", True),
        ("The agreement was signed in December 2023.", False),
    ],
)
def test_which_sentences_announce_a_list(sentence, announces):
    assert announces_list(sentence) is announces


def test_a_list_ends_where_its_items_end_and_prose_is_no_item():
    text = "Risks:\n1. Floods.\n2) Strikes.\n(c) Fires.\nThen prose."
    assert text[: list_end(text, len("Risks:"))] == "Risks:\n1. Floods.\n2) Strikes.\n(c) Fires."
    assert list_end("Risks: none.\nThen prose.", len("Risks:")) == len("Risks:")


SURVEY = (
    "The survey covers heating, plumbing and wiring in every sampled dwelling. "
    "Indoor mould and radon are left out of the analysis because of the scope of the study. "
    "Indoor mould and radon are not measured by the survey, which records only visible defects."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The subsidies give firms cost advantages, thereby expanding their market share.",
        "Consequently, the plants closed for a month.",
        "Prices fell sharply, resulting in losses for smaller mills.",
        "Given the unprecedented length of the grounding, the FAA requires a test flight.",
    ],
)
def test_a_consequence_connective_states_a_reason(sentence):
    assert has_attribute(sentence, "reason")


def test_a_reason_without_a_connective_still_answers_why(fake_embedder):
    """Causes are often stated plainly: a connective raises a sentence, its absence does not refuse it."""
    plain = "The housing analysis leaves out indoor mould and radon: the survey does not measure them."
    other = "The survey covers heating, plumbing and wiring in every sampled dwelling."
    question = "Why does the housing analysis leave out indoor mould and radon?"
    text = f"{plain} {other}"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), context(fake_embedder, text)
    )
    assert not composed.abstained and composed.answer.startswith(plain)


def test_a_reason_with_a_connective_is_preferred(fake_embedder):
    question = "Why are indoor mould and radon left out of the analysis?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, SURVEY)], np.array([0.8]), context(fake_embedder, SURVEY)
    )
    assert composed.answer.startswith("Indoor mould and radon are left out of the analysis because")


def test_a_passage_beyond_the_first_six_is_read_when_only_it_speaks_of_what_was_asked(fake_embedder):
    """The top passages answer something else; a lower one states the question's specific terms."""
    question = "Why was the Kestrel pipeline scheme postponed?"
    filler = [hit(n, f"Regional projects were reviewed in round {n} of the budget talks.") for n in range(1, 7)]
    kestrel = hit(7, "The Kestrel pipeline scheme was postponed until the water board issues its permit.")
    hits = [*filler, kestrel]
    words = " ".join(h.chunk.text for h in hits)
    ctx = replace(context(fake_embedder, words), rare=frozenset({"kestrel", "pipeline", "scheme"}))
    vector = fake_embedder.embed(["Why were projects reviewed in the budget talks?"])[0]  # leans to the filler
    composed = compose(question, vector, hits, np.linspace(0.9, 0.6, len(hits)), ctx)
    assert composed.answer.startswith("The Kestrel pipeline scheme was postponed") and composed.citations[0].n == 1


HARBOUR = (
    "The harbour review finds that container traffic grew by a third in five years. "
    "Berths at the old quay are too shallow for the new ships. "
    "Source: compiled by the review team from port statistics. "
    "Table 2: Container traffic and berths at the harbour, by quay, 2020 and 2025. "
    "The review finds that container traffic grew by one third over five years. "
    "Rail links to the inland depots carry a fifth of the containers. "
    "The review recommends dredging the outer channel and building shore power."
)


def test_a_summary_gives_central_distinct_sentences_in_document_order(fake_embedder):
    question = "Summarise the harbour review's findings on container traffic, berths, rail links and dredging."
    composed = compose(
        question,
        fake_embedder.embed([question])[0],
        [hit(1, HARBOUR)],
        np.array([0.8]),
        context(fake_embedder, HARBOUR),
    )
    sentences = [s.strip() for s in re.split(r"\[\d+\]", composed.answer) if s.strip()]
    assert 3 <= len(sentences) <= 5 and all(s in HARBOUR for s in sentences)
    assert len(composed.citations) == len(sentences)
    assert "Source:" not in composed.answer  # where a figure comes from is not a finding
    assert "Table 2:" not in composed.answer  # nor what a table shows
    assert sum("grew by" in s for s in sentences) == 1  # a restatement is left out
    positions = [HARBOUR.index(s) for s in sentences]
    assert positions == sorted(positions)


def test_a_summary_is_never_answered_or_declined_by_the_tables(fake_embedder):
    from dataclasses import replace

    from policyqa.figures.engine import FigureAnswer

    question = "Summarise the section of the harbour review on container traffic, berths and their suppliers."
    reason = "the tables do not cover section"
    lacking = FigureAnswer("", (), (), covered=False, reason=reason, uncovered=("section",))
    ctx = replace(context(fake_embedder, HARBOUR), figures=lambda q: lacking)
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, HARBOUR)], np.array([0.8]), ctx)
    assert not composed.abstained and len(composed.citations) >= 3


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What does the acronym SCRA stand for?", "SCRA"),
        ("What does near-shoring mean in the ministry's plan?", "near-shoring"),
        ("What is meant by 'critical minerals' in the strategy?", "critical minerals"),
        ("Who is counted as a 'resident' in the census?", "resident"),
        ("How is a supply shock defined?", "supply shock"),
        ("What is “dual use”?", "dual use"),
        ("When was the agreement signed?", None),
        ("What is the largest supplier?", None),
        ("In the retail chapter, what does the CR5 indicator measure?", "CR5"),
        ("What does the odds ratio measure?", "odds ratio"),
        ("What does the survey measure in 2029?", None),
        ("What is the MPIA that the report recommends for disputes?", "MPIA"),  # an acronym asked as such
        ("What is the HHI of lithium?", None),  # a figure of it
        ("What is the US share of imports?", None),
    ],
)
def test_definition_questions_name_their_term(question, term):
    from policyqa.answer.question import defined_term

    assert defined_term(question) == term
    assert (analyse(question).wants == "definition") is (term is not None)


def test_definitions_outright_before_sentences_that_only_say_what_a_term_is():
    from policyqa.answer.question import definition_strength, expansion

    text = "The ministry set up the supply chain resilience agency (SCRA) in 2023."
    assert expansion(text, "SCRA") == "supply chain resilience agency"
    assert expansion("SCRA (Supply Chain Resilience Agency) met twice.", "SCRA") == "Supply Chain Resilience Agency"
    assert definition_strength(text, "SCRA") == 2
    assert definition_strength("SCRA met twice in 2024.", "SCRA") == 0  # used, not spelt out
    assert definition_strength("There is a concept known as “near-shoring”.", "near-shoring") == 2
    assert definition_strength("Near-shoring means moving production to nearby countries.", "near-shoring") == 2
    assert definition_strength("Excessive near-shoring is by no means optimal.", "near-shoring") == 1
    assert definition_strength("Firms expanded near plants in Mexico.", "near-shoring") == 0


def test_a_term_introduced_then_explained_brings_the_explanation(fake_embedder):
    text = (
        "Trade policy has shifted in recent years. There is a concept known as near-shoring in trade policy. "
        "In other words, it is moving production to countries close to the home market. "
        "Excessive near-shoring is by no means the optimal solution for small economies."
    )
    question = "What does near-shoring mean in trade policy?"
    ctx = context(fake_embedder, f"{text} {question}")  # every word of the question is the corpus's
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), ctx)
    assert composed.answer.startswith("There is a concept known as near-shoring in trade policy. In other words, it is")
    assert "by no means" not in composed.answer


def test_a_definition_and_a_summary_are_sought_in_prose_only():
    from policyqa.answer import evidence_kinds

    assert evidence_kinds("What does the acronym SCRA stand for?") == {"passage"}
    assert evidence_kinds("Summarise what the survey concludes about trends in housing between 2007 and 2009.") == {
        "passage"
    }
    assert evidence_kinds("How much lithium came from Chile in 2020?") is None


def test_reasons_means_and_lists_of_things_are_sought_in_prose_only():
    from policyqa.answer import evidence_kinds

    assert evidence_kinds("Why are private school enrollment figures estimated for some years?") == {"passage"}
    assert evidence_kinds("How would the new software keep one faulty sensor from triggering the system?") == {
        "passage"
    }
    assert evidence_kinds("What caveats do the authors attach to their housing estimates?") == {"passage"}
    # A comparison of figures, or a list of figures, may be a table's.
    assert evidence_kinds("How did the rate of inadequate housing differ between the regions?") is None
    assert evidence_kinds("Which states had more than 2,000 checks?") is None


def test_a_table_row_about_another_name_does_not_answer(fake_embedder):
    """A row is about the one thing it names: Karnataka's outlay does not answer for Tamil Nadu."""
    row = "Table 5: Public health outlay 2012-13 | State: Karnataka | Total: 34,939,843"
    question = "What public health outlay did Tamil Nadu budget for 2012-13?"
    ctx = context(fake_embedder, f"{row} {question}")
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, row, "table_row")], np.array([0.9]), ctx)
    assert composed.abstained and "Tamil, Nadu" in composed.answer
    chinese = "How much fused alumina could Chinese plants turn out in 2010?"
    china_row = "World production capacity | Row: China | Fused aluminum oxide 2010: 700,000"
    ctx = context(fake_embedder, f"{china_row} {chinese} fused alumina plants turn out")
    answered = compose(
        chinese, fake_embedder.embed([chinese])[0], [hit(1, china_row, "table_row")], np.array([0.9]), ctx
    )
    assert "no table row" not in answered.answer  # a demonym names its country's row


def test_a_name_the_rows_document_is_about_throughout_need_not_be_printed_in_the_row(fake_embedder):
    row = "ESTIMATED COSTS | Action: Wiring change | Parts cost: $3,790 | Cost on U.S. operators: $766,865"
    question = "What parts cost does the Zephyr ZX rule estimate for the wiring change?"
    ctx = context(fake_embedder, f"{row} {question}")
    vector = fake_embedder.embed([question])[0]
    declined = compose(question, vector, [hit(1, row, "table_row")], np.array([0.9]), ctx)
    assert declined.abstained and "Zephyr, ZX" in declined.answer
    themed = replace(ctx, term_share=lambda term, doc: 0.4 if term in {"zephyr", "zx"} else 0.0)
    answered = compose(question, vector, [hit(1, row, "table_row")], np.array([0.9]), themed)
    assert not answered.abstained and "$3,790" in answered.answer


def test_a_list_announced_then_printed_as_paragraphs_gives_each_paragraph_opening(fake_embedder):
    first = (
        "The agency proposes the following changes to the design.\n\n"
        "New sensor software would compare both sensors. It would also log faults.\n\n"
        "A display update would alert the crew to a disagreement."
    )
    second = "Wiring would be rerouted to separate the trim circuits. The work takes two days.\n\nCosts"
    one, two = hit(1, first), hit(2, second)
    two = replace(two, chunk=replace(two.chunk, chunk_id="doc:2", start=one.chunk.end, end=one.chunk.end + len(second)))
    ctx = replace(
        context(fake_embedder, first + " " + second + " changes agency proposes design"),
        following=lambda h: two if h.chunk.chunk_id == one.chunk.chunk_id else None,
    )
    question = "Which changes does the agency propose to the design?"
    composed = compose(question, fake_embedder.embed([first[:58]])[0], [one], np.array([0.9]), ctx)
    assert composed.answer.split("\n") == [
        "The agency proposes the following changes to the design. [1]",
        "- New sensor software would compare both sensors. [2]",
        "- A display update would alert the crew to a disagreement. [3]",
        "- Wiring would be rerouted to separate the trim circuits. [4]",  # the next passage; "Costs" heads what follows
    ]
    assert [c.text for c in composed.citations].count(second) == 1


@pytest.mark.parametrize(
    ("question", "wants_list"),
    [
        ("Which four design modifications does the agency want to make mandatory?", True),
        ("What caveats do the authors attach to their estimates?", True),
        ("Which foreign regulators will evaluate the training impact?", True),
        ("Which country was the largest supplier?", False),
        ("What does MPIA stand for?", False),
        ("What is the process?", False),
    ],
)
def test_any_plural_asked_for_with_which_or_what_is_a_list_question(question, wants_list):
    assert analyse(question).wants_list is wants_list


@pytest.mark.parametrize(
    "question",
    ["What tariff rate did the administration put on cars?", "What will the inspection cost each operator?"],
)
def test_a_rate_or_a_cost_asked_for_is_a_number(question):
    assert analyse(question).wants == "number"


def test_a_multi_part_answer_keeps_the_last_clause_that_answers_another_part(fake_embedder):
    crash = "On May 3, 2031, a ferry capsized near the harbour, resulting in 42 fatalities."
    ctx = context(fake_embedder, crash + " ferry capsize people killed")
    question = "When did the ferry capsize and how many people were killed?"
    composed = compose(question, fake_embedder.embed([crash])[0], [hit(1, crash)], np.array([0.9]), ctx)
    assert "42 fatalities" in composed.answer
    alone = compose(
        "When did the ferry capsize?", fake_embedder.embed([crash])[0], [hit(1, crash)], np.array([0.9]), ctx
    )
    assert "42 fatalities" not in alone.answer  # one part: the commentary clause is cut


def test_a_sentence_pointing_back_is_answered_with_the_sentence_before_it(fake_embedder):
    text = "Output rose in the north. Copper prices fell sharply during 2029. This trend continued through 2030."
    ctx = context(fake_embedder, text + " copper prices move")
    question = "How did copper prices move through 2030?"
    composed = compose(question, fake_embedder.embed([text[26:]])[0], [hit(1, text)], np.array([0.9]), ctx)
    assert composed.answer == "Copper prices fell sharply during 2029. This trend continued through 2030. [1]"


def test_a_name_the_documents_are_known_by_or_glossed_by_known_words_is_no_missing_name(fake_embedder):
    ctx = context(fake_embedder, "abrasives velo sympathique municipality certification")
    assert unknown_names("Which industries does the USGS summary single out?", ctx) == ["USGS"]
    named = replace(ctx, document_terms=frozenset({"usgs", "abras"}))
    assert unknown_names("Which industries does the USGS summary single out?", named) == []
    question = "When did the municipality get its Bicycle Friendly (Velo Sympathique) certification?"
    assert unknown_names(question, ctx) == []
    assert unknown_names("When did the municipality get its Bicycle Friendly certification?", ctx) == [
        "Bicycle",
        "Friendly",
    ]


def test_a_sentence_naming_this_or_these_of_what_the_one_before_names_is_read_with_it(fake_embedder):
    text = (
        "Tariffs rose again in 2030. The agency will review the rules on safety. "
        "The agency intends to conduct this review jointly with two regulators: Arcadia and Borealis."
    )
    ctx = context(fake_embedder, text + " regulators review")
    question = "Which regulators will review the safety rules together with the agency?"
    composed = compose(question, fake_embedder.embed([text[28:]])[0], [hit(1, text)], np.array([0.9]), ctx)
    assert "Arcadia and Borealis" in composed.answer and "will review the rules on safety" in composed.answer
    from policyqa.answer.evidence import _points_back

    assert _points_back("The board will conduct this review jointly.", "The agency will review the rules.")
    assert not _points_back("Prices in this decade rose.", "The agency will review the rules.")


def test_a_name_the_heading_of_the_evidence_gives_is_no_sign_it_answers_something_else(fake_embedder):
    from policyqa.answer.compose import unmatched_specifics

    dates = "DATES: The agency must receive comments on this proposal by March 3, 2031."
    other = "Comments on the Acme Rotor proposal go to the docket listed under ADDRESSES."
    ctx = replace(context(fake_embedder, dates + " " + other), rare=frozenset({"acme", "rotor", "need"}))
    under = Chunk("doc:1", "doc", dates, "passage", 1, "Proposed rules > Directives; The Acme Rotor Company", 0, 9)
    chosen = [Evidence(Hit(chunk=under, title="A", score=1.0, rank=1), 0, len(dates), 0.9, True)]
    question = "By what date does the agency need comments on the Acme Rotor proposal?"
    assert unmatched_specifics(question, chosen, [chosen[0].hit, hit(2, other)], ctx) == []
    # the same passage under a heading that names something else misses the name
    moved = Hit(chunk=replace(under, section="Comments Invited"), title="A", score=1.0, rank=1)
    elsewhere = replace(chosen[0], hit=moved)
    assert unmatched_specifics(question, [elsewhere], [elsewhere.hit, hit(2, other)], ctx) == ["need", "acme", "rotor"]


def test_a_sentence_using_an_acronym_the_one_before_introduces_is_read_with_it(fake_embedder):
    text = (
        "Ministers met in Lima in 2029 and agreed 2+2 talks on cables. "
        "The Board launched the Cable Safety Compact (CSC) in 2027 to share repair ships. "
        "Since then the CSC has grown to include 12 member ports and the Navy."
    )
    ctx = context(fake_embedder, text + " members cable compact count now")
    question = "How many members does the cable safety compact now count?"
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.9]), ctx)
    assert "12 member ports" in composed.answer
    assert "Cable Safety Compact (CSC)" in composed.answer


def test_a_how_many_answer_numbering_what_is_counted_carries_more():
    from policyqa.answer.question import counts_asked

    question = "How many partners does the partnership count?"
    assert counts_asked("It has grown to include 14 partner countries.", question)
    assert not counts_asked("It met in 2022 and held 2+2 talks.", question)
    assert not counts_asked("It has 14 partner countries.", "When did the partnership start?")
    # a question saying how many it asks for wants that many of them
    which = "Which three reforms does the board want to make mandatory?"
    assert counts_asked("The board proposes three reforms: (1) audits, (2) fees and (3) caps.", which)
    assert not counts_asked("The board proposes two reforms: audits and fees.", which)


def test_a_list_question_saying_how_many_gets_the_sentence_numbering_that_many(fake_embedder):
    announcing = "The board proposes the following reforms to the harbour rules, for safety."
    first = "- To make docking safe, the board wants new audits of every harbour crane and rule."
    counted = "In short, the board proposes three reforms: (1) crane audits, (2) docking fees and (3) speed caps."
    text = " ".join([announcing, first, counted])
    ctx = context(fake_embedder, text + " which mandatory want make")
    question = "Which three reforms does the board want to make mandatory for the harbour?"
    composed = compose(question, fake_embedder.embed([announcing])[0], [hit(1, text)], np.array([0.9]), ctx)
    assert "(3) speed caps" in composed.answer


def test_a_sentence_opening_with_the_change_just_described_is_read_with_it(fake_embedder):
    text = (
        "Ports handled more cargo in 2030. Small ports were 4 times more likely to close in winter than large ones "
        "but only 1.2 times more likely to close in summer. The decrease likely can be attributed to calmer seas."
    )
    ctx = context(fake_embedder, text + " why gap smaller summer winter")
    question = "Why was the gap between small and large ports smaller in summer than in winter?"
    vector = fake_embedder.embed([text[34:140]])[0]
    composed = compose(question, vector, [hit(1, text)], np.array([0.9]), ctx)
    assert "1.2 times more likely to close in summer. The decrease likely can be attributed" in composed.answer


LIMITS = (
    "The findings are subject to at least three limitations. First, the data are self-reported by "
    "householders. In addition, results may overestimate the totals. Second, certain living quarters "
    "were excluded from the sample. Finally, only two years of data were compared."
)
AREAS_1 = (
    "Semiconductors are the most critical area for cooperation between the two countries. Both have "
    "named the industry strategic. The second area where cooperation is needed is sharing risk "
    "management systems."
)
AREAS_2 = "The third area where cooperation is anticipated is critical minerals. Both depend on one supplier."


def test_a_list_written_a_sentence_an_item_is_read_whole():
    from policyqa.answer import evidence as ev

    limits = hit(1, LIMITS)
    start = LIMITS.index("Second")
    series = ev.ordinal_series(ev.Evidence(limits, start, start + 5, 0.5, True), lambda h: None, lambda h: None)
    assert [e.text.split(",")[0] for e in series] == ["First", "Second", "Finally"]

    first, second = hit(1, AREAS_1), hit(2, AREAS_2)
    after = {first.chunk.chunk_id: second}
    before = {second.chunk.chunk_id: first}
    start = AREAS_2.index("The third")
    series = ev.ordinal_series(
        ev.Evidence(second, start, start + 5, 0.5, True),
        lambda h: before.get(h.chunk.chunk_id),
        lambda h: after.get(h.chunk.chunk_id),
    )
    assert [e.text[:14] for e in series] == ["Semiconductors", "The second are", "The third area"]
    # a sentence of no series has none
    start = AREAS_1.index("Both")
    assert ev.ordinal_series(ev.Evidence(first, start, start + 4, 0.5, True), lambda h: None, lambda h: None) == []


def test_a_list_question_gets_every_item_of_a_list_written_a_sentence_an_item(fake_embedder):
    question = "Which three limitations are the findings subject to?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, LIMITS)], np.array([0.8]), context(fake_embedder, LIMITS)
    )
    assert all(part in composed.answer for part in ("self-reported", "living quarters", "two years"))


TOYOTA = "A ransomware attack on a supplier forced Toyota to suspend all its domestic factories in 2022."


@pytest.mark.parametrize(
    ("question", "theme", "declined"),
    [
        # a specific name nothing cited states: the sentence answers for someone else
        ("Why did Toyota suspend its factories in Torrance?", 0.0, "Torrance"),
        # a name the cited document is about throughout is its theme, not a near miss
        ("Why did Toyota suspend its factories in Torrance?", 0.4, None),
        # a capital stands for its country ("Tokyo": Japan), a region is too broad to miss
        ("Why did Toyota suspend its factories in Tokyo?", 0.0, None),
        ("Why did Toyota suspend its European factories?", 0.0, None),
    ],
)
def test_a_specific_name_no_cited_passage_states_is_declined(fake_embedder, question, theme, declined):
    text = TOYOTA.replace("domestic factories", "factories in Japan") if "Tokyo" in question else TOYOTA
    ctx = replace(
        context(fake_embedder, text + " torrance tokyo european"),  # the corpus uses the names elsewhere
        rare=frozenset({"torrance", "tokyo", "european"}),
        term_share=lambda term, doc: theme,
    )
    composed = compose(question, fake_embedder.embed([text])[0], [hit(1, text)], np.array([0.9]), ctx)
    if declined:
        assert composed.abstained and f"no passage it cites is about {declined}" in composed.answer
    else:
        assert not composed.abstained, composed.answer


FILING = (
    "If you exported controlled goods during the year, file the licence report by the 15th day of the "
    "4th month after your year ends. A report for the 2024 year is due by April 15, 2025. "
    "If you did not export controlled goods during the year, file the licence report by the 15th day of "
    "the 6th month after your year ends. A report for the 2024 year is due by June 16, 2025."
)


def ranked_filing(question: str, cosines: list[float]) -> list[Evidence]:
    """FILING's sentences scored for `question`, their closeness to it set by `cosines`."""
    found = candidates([hit(1, FILING)])
    assert len(found) == len(cosines) == 4
    query = np.array([1.0, 0.0])
    vectors = np.array([[c, (1 - c * c) ** 0.5] for c in cosines])
    return score(analyse(question), query, found, vectors, stemmer=None)


def test_a_date_stated_for_the_case_the_sentence_before_describes_is_read_with_it():
    best = ranked_filing("By what date was the report due for exporters?", [0.8, 0.5, 0.6, 0.5])[0]
    assert best.text.startswith("If you exported controlled goods") and best.text.endswith("April 15, 2025.")
    assert best.carries


def test_a_sentence_negating_what_the_question_asserts_ranks_below_the_one_asserting_it():
    # the same words in both sentences' reach: only the negation tells them apart
    ranked = ranked_filing(
        "By what date was the report due for firms that shipped controlled goods?", [0.7, 0.4, 0.7, 0.4]
    )
    assert ranked[0].text.endswith("April 15, 2025.")
    ranked = ranked_filing(
        "By what date was the report due for firms that never shipped controlled goods?", [0.7, 0.4, 0.7, 0.4]
    )
    assert ranked[0].text.endswith("June 16, 2025.")


def test_a_follow_up_asking_nothing_in_particular_asks_what_the_question_before_asked(fake_embedder):
    previous = "By what date was the licence report due for someone who exported controlled goods?"
    reading = read_follow_up("And if they did not export any?", [previous])
    assert reading.read_as is not None
    ctx = context(fake_embedder, FILING)
    vector = fake_embedder.embed([reading.read_as])[0]
    answer = compose(reading.read_as, vector, [hit(1, FILING)], np.array([0.8]), ctx).answer
    assert "June 16, 2025" in answer


@pytest.mark.parametrize(
    ("sentence", "carries"),
    [
        ("File the form with the Service Center, Austin, TX 73301-0215.", True),
        ("The plant is in Ohio.", True),
        ("Talks were held in Paris.", True),
        ("Exports went to Japan.", True),
        ("If you file the form for an estate, change it to reflect the rules.", False),
    ],
)
def test_a_where_question_wants_a_place(sentence, carries):
    question = analyse("Where should a resident mail the form?")
    assert question.wants == "location"
    assert has_attribute(sentence, "location", asked=question) is carries


def answer_from(embedder, question: str, text: str, probe: int):
    """The answer composed from one passage, the query vector that of the passage's first `probe` characters."""
    vector = embedder.embed([text[:probe]])[0]
    return compose(question, vector, [hit(1, text)], np.array([0.8]), context(embedder, text))


def test_a_why_question_gets_the_claim_with_the_sentences_after_it_that_back_it(fake_embedder):
    text = (
        "Among its partners, relations with Peru are extremely important. Peru is located on the "
        "Pacific, connecting two markets. In addition, Peru is pursuing a new mining policy. "
        "Chile is a partner too.\n\nOther matters follow."
    )
    composed = answer_from(fake_embedder, "Why does the council regard ties with Peru as important?", text, 64)
    assert composed.answer == (
        "Among its partners, relations with Peru are extremely important. Peru is located on the Pacific, "
        "connecting two markets. In addition, Peru is pursuing a new mining policy. [1]"
    )


def test_a_how_question_gets_what_is_done_with_the_sentences_after_it_saying_how(fake_embedder):
    text = (
        "To make sure both gauges work after repair, the agency proposes a gauge test on each vessel. "
        "This test uses a clamp to hold the float and checks that each gauge reads true. "
        "The test takes an hour.\n\nOther rules apply to barges."
    )
    question = "How would the proposed gauge test make sure both gauges work after repair?"
    composed = answer_from(fake_embedder, question, text, 90)
    # the sentence pointing back at the test goes with it; the one that does not ("The test takes") stays out
    assert composed.answer.startswith(
        "To make sure both gauges work after repair, the agency proposes a gauge test on each vessel. "
        "This test uses a clamp to hold the float and checks that each gauge reads true."
    )
    assert "an hour" not in composed.answer and "barges" not in composed.answer


def test_a_how_answer_goes_on_to_the_step_that_opens_on_a_condition_about_what_it_names(fake_embedder):
    text = (
        "If the inspection shows that the gauge rules need more changes, the agency will post these changes "
        "as an addendum to the draft manual for public comment. If an addendum is posted, the agency will "
        "announce it in the gazette. When the weather is fine, crews paint the hull."
    )
    question = "If the inspection shows the gauge rules need more changes, how will the agency handle that?"
    composed = answer_from(fake_embedder, question, text, 90)
    assert "announce it in the gazette" in composed.answer  # the next step: the addendum it names
    assert "paint the hull" not in composed.answer  # a condition about nothing it names


def test_a_how_answer_may_run_past_the_one_thing_length(fake_embedder):
    limits = (
        "The revised gauge software would limit the float gauge alarm to one alarm per voyage so that crews "
        "are not flooded with repeated alarms from a single faulty float gauge. This limit would hold for the "
        "whole voyage and would reset only when the vessel returns to port, after the crew has logged the "
        "fault and the inspector on duty has checked the float gauge."
    )
    compare = (
        "The revised gauge software would also compare both float gauges, so a single faulty float gauge "
        "raises no alarm for crews."
    )
    question = "How would the revised gauge software keep a faulty float gauge from flooding crews with alarms?"
    hits = [hit(1, limits), hit(2, compare)]
    ctx = context(fake_embedder, limits + compare)
    composed = compose(question, fake_embedder.embed([question])[0], hits, np.array([0.8, 0.8]), ctx)
    assert len(composed.answer) > 400 and "[2]" in composed.answer


def test_each_part_of_a_two_part_question_has_an_answer_length(fake_embedder):
    year = (
        "The shortage first became visible to the general public in 2011, when a long dispute over the "
        "northern fishing grounds escalated into an open trade conflict between the two neighbouring "
        "countries and shoppers across the region found the shelves of their grocery stores empty for weeks."
    )
    step = (
        "The step that caused the shortage to become visible to the public was a ban on exports of frozen cod, "
        "which the neighbouring country imposed "
        "without notice, cutting off the main source of the fish that processors along the coast depended on "
        "for nearly all of their output."
    )
    question = "In what year did the shortage become visible to the public, and what step caused it?"
    hits = [hit(1, year), hit(2, step)]
    ctx = context(fake_embedder, year + " " + step)
    composed = compose(question, fake_embedder.embed([question])[0], hits, np.array([0.8, 0.8]), ctx)
    assert len(composed.answer) > 400 and "2011" in composed.answer and "frozen cod" in composed.answer


def test_a_follow_up_asking_one_thing_keeps_the_one_thing_length(fake_embedder):
    # read with the question before it, it holds two question marks, but asks one thing
    first = (
        "The harbour budget for dredging in 2031 was raised to cover the cost of moving the silt that the spring "
        "floods had carried down the river into the approach to the old quay and the outer channel of the harbour "
        "last winter."
    )
    second = (
        "The harbour budget for dredging in 2031 was cut for the inner basin because the new berths at the eastern "
        "quay no longer needed the depth that the old container ships of the harbour had once required every winter."
    )
    question = "And the harbour budget for dredging in 2031? (following: What did the harbour plan say about dredging?)"
    ctx = context(fake_embedder, first + " " + second)
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, first), hit(2, second)], np.array([0.8, 0.8]), ctx
    )
    assert composed.answer.count("[") == 1 and len(composed.answer) <= 400


def test_a_summary_reads_on_after_the_sentence_that_best_states_its_topic():
    from policyqa.answer.evidence import summarise

    topic = "We should pursue layered trade ties. Another advantage is flexibility. Consensus is not needed."
    far = "Tariffs were cut in many places last year. Shipping costs rose again in the spring."
    near, other = hit(1, topic), hit(2, far)
    other = replace(other, chunk=replace(other.chunk, section="Outlook", start=5000, end=5000 + len(far)))

    def sentences(passage: Hit, scores: list[float]) -> list[Evidence]:
        found = [(m.start(), m.end()) for m in re.finditer(r"[^. ][^.]*\.", passage.chunk.text)]
        return [Evidence(passage, a, b, score, True) for (a, b), score in zip(found, scores, strict=True)]

    evidence = sentences(near, [0.6, 0.2, 0.2]) + sentences(other, [0.29, 0.29])
    vectors = {(e.hit.chunk.chunk_id, e.start): np.eye(5)[k] for k, e in enumerate(evidence)}
    summary = [e.text for e in summarise(sorted(evidence, key=lambda e: -e.score), vectors)]
    assert summary == [
        "We should pursue layered trade ties.",
        "Another advantage is flexibility.",
        "Consensus is not needed.",
    ]


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Who counts as an exempt individual when tallying days for the test?", "exempt individual"),
        ("What qualifies as a critical mineral under the act?", "critical mineral"),
    ],
)
def test_who_counts_as_asks_a_definition(question, term):
    assert analyse(question).term == term


def test_a_code_after_a_comma_names_no_place_without_a_postal_code():
    assert not has_attribute("Imports of Lithium, HS 2836 rose.", "location")
    assert has_attribute("File it with the Center, Austin, TX 73301-0215.", "location")


def test_a_later_part_is_answered_by_a_sentence_the_earlier_parts_have_not_given(real_embedder):
    hours = "An eligible tutor is a teacher or aide who works in a school for at least 900 hours during a school year."
    deduct = "If you were an eligible tutor in 2031, you can deduct up to $250 of qualified expenses."
    question = (
        "How many hours a school year must a tutor work to count as an eligible tutor, and how much can they deduct?"
    )
    hits = [hit(1, hours), hit(2, deduct)]
    ctx = context(real_embedder, hours + " " + deduct)
    composed = compose(question, real_embedder.embed([question])[0], hits, np.array([0.8, 0.7]), ctx)
    assert "900 hours" in composed.answer and "$250" in composed.answer


def test_a_figure_the_document_says_it_has_no_data_for_is_declined_not_answered_with_another(real_embedder):
    other = "Therefore, the agency estimates the average total cost per operator to be $7,650."
    none = "The agency has received no definitive data that would enable cost estimates for the readiness flight."
    question = "What does the agency estimate the readiness flight will cost each operator?"
    hits = [hit(1, other + " " + none)]
    ctx = context(real_embedder, other + " " + none)
    composed = compose(question, real_embedder.embed([question])[0], hits, np.array([0.8]), ctx)
    assert composed.abstained and "no definitive data" in composed.answer
    # asked of what the cited sentence is about, the figure is given
    asked = "What does the agency estimate the average total cost per operator to be?"
    composed = compose(asked, real_embedder.embed([asked])[0], hits, np.array([0.8]), ctx)
    assert not composed.abstained and "$7,650" in composed.answer


def test_a_term_inside_a_phrase_is_not_said_to_be_what_follows():
    from policyqa.answer.question import definition_strength

    assert (
        definition_strength(
            "The pursuit of such “strategic indispensability” is not perceived as coercion.",
            "strategic indispensability",
        )
        == 0
    )
    assert (
        definition_strength(
            "“Strategic indispensability” is a position others must depend on.", "strategic indispensability"
        )
        == 1
    )


def test_a_term_no_sentence_defines_is_read_where_the_section_named_for_it_first_uses_it():
    def said(ordinal: int, text: str, section: str, start: int) -> Evidence:
        chunk = Chunk(f"doc:{ordinal}", "doc", text, "passage", 3, section, start, start + len(text))
        return Evidence(Hit(chunk=chunk, title="A report", score=0.5, rank=ordinal), 0, len(text), 0.5, True)

    heading = "Rules > iii. Enhancing “strategic indispensability” against coercion"
    ranked = [
        said(1, "Talks must ensure the pursuit of “strategic indispensability” is not read as coercion.", heading, 900),
        said(2, "Firms elsewhere also speak of strategic indispensability in passing.", "Other", 100),
        said(3, "By making goods others must depend on, states raise their strategic indispensability.", heading, 500),
    ]
    info = analyse("What is meant by 'strategic indispensability' in the report?")
    assert info.term == "strategic indispensability"
    assert [e.hit.chunk.chunk_id for e in select(ranked, info, limit=1, ratio=0.9)] == ["doc:3"]


def test_a_follow_up_about_another_year_is_not_answered_by_the_year_before(fake_embedder):
    text = (
        "You may contribute up to $4,000 to a retirement account for 2031. "
        "The limit for 2032 is $5,000 ($6,000 if age 50 or older)."
    )
    question = "What is the cap for 2032? (following: How much could a saver put into a retirement account for 2032?)"
    ctx = context(fake_embedder, f"{text} {question}")
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), ctx)
    assert "The limit for 2032 is $5,000" in composed.answer and "$4,000" not in composed.answer


def test_a_passage_that_never_states_the_age_bracket_asked_does_not_answer(fake_embedder):
    text = "In 2031, 5.2% of householders lived in inadequate housing, unchanged from 2030."
    for question, declined in (
        ("What share of householders aged 65 or older lived in inadequate housing in 2031?", True),
        ("What share of householders lived in inadequate housing in 2031?", False),
        ("Did less than 40 per cent of householders live in inadequate housing in 2031?", False),  # a threshold
    ):
        ctx = context(fake_embedder, f"{text} {question}")
        composed = compose(question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), ctx)
        assert composed.abstained is declined, question
        if declined:
            assert "nothing it cites is about 65 or older" in composed.answer


def test_how_something_is_worked_out_gives_the_numbered_steps_announced(fake_embedder):
    text = (
        "You meet the residence test if you were present in the country for at least:\n\n"
        "1. 31 days during 2031, and\n\n2. 183 days during the three years ending in 2031.\n\n"
        "Generally, a day counts when you are present at any time during it."
    )
    question = "How is the residence test for 2031 worked out?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), context(fake_embedder, text)
    )
    assert composed.answer.split("\n") == [
        "You meet the residence test if you were present in the country for at least: [1]",
        "- 31 days during 2031, and [1]",
        "- 183 days during the three years ending in 2031. [1]",
    ]


def test_a_sentence_using_an_acronym_its_document_spells_out_says_the_words_it_stands_for():
    stemmer = make_stemmer()
    question = "Why does the agency estimate the cost of amending minimum equipment lists per vessel owner?"
    owner = "Since owners amend the MEL for each fleet, the agency gives one estimate per owner."
    unrelated = "Because the minimum equipment list is amended per vessel, the agency prints it in the annex."
    found = [(hit(1, owner), 0, len(owner)), (hit(2, unrelated), 0, len(unrelated))]
    flat = np.zeros((2, 4))  # equal in meaning: the wording decides
    info = analyse(question)
    plain = score(info, np.zeros(4), found, flat, stemmer=stemmer)
    spelled = score(
        info, np.zeros(4), found, flat, stemmer=stemmer, spelled=lambda doc_id: {"MEL": "minimum equipment list"}
    )
    assert plain[0].text == unrelated and spelled[0].text == owner
    # a question naming the acronym itself matches it by name, not by the words it stands for
    named = analyse("Why do owners amend the MEL of the minimum equipment in each fleet?")
    both = score(
        named,
        np.zeros(4),
        found,
        flat,
        stemmer=stemmer,
        spelled=lambda doc_id: {"MEL": "minimum equipment list"},
    )
    alone = score(named, np.zeros(4), found, flat, stemmer=stemmer)
    assert [e.score for e in both] == [e.score for e in alone]


@pytest.mark.parametrize(
    ("sentence", "carries"),
    [
        ("The shutdown halted the output of 13,000 vehicles.", False),  # a count, not money
        ("The shutdown cost the carmaker $350 million in lost sales.", True),
        ("Lost sales came to 41.2 billion yen.", True),
        ("Lost sales came to Rs. 900 crore.", True),
    ],
)
def test_an_amount_of_money_asked_wants_an_amount_of_money_not_any_number(sentence, carries):
    asked = analyse("How much revenue did the carmaker lose in the shutdown?")
    assert has_attribute(sentence, "number", asked=asked) is carries
    # a count of those who paid is no amount of money
    assert has_attribute(sentence, "number", asked=analyse("How many firms paid the levy?"))


def test_a_number_of_hours_asked_wants_hours_and_each_part_its_own_quantity():
    asked = analyse("How many hours of training must crews complete?")
    assert not has_attribute("Crews of 12 airlines must complete the training.", "number", asked=asked)
    assert has_attribute("Crews must complete 40 hours of training.", "number", asked=asked)
    assert has_attribute("Each crew completes a 6-hour course.", "number", asked=asked)
    more = analyse("How many additional hours of simulator training will pilots need?")
    assert not has_attribute("The rule applies to 72 airplanes of U.S. registry.", "number", asked=more)
    assert has_attribute("Pilots need 4 more hours in the simulator.", "number", asked=more)
    two = replace(
        analyse("how much can they deduct?"), text="How many hours must they work, and how much can they deduct?"
    )
    assert has_attribute("They may deduct up to $250.", "number", asked=two)


def test_an_acronym_only_a_heading_spells_out_is_answered_from_the_heading(fake_embedder):
    text = "Complaints may be filed with the WTO (including MPIA). The MPIA resolves appeals by arbitration."
    chunk = Chunk(
        "doc:1",
        "doc",
        text,
        "passage",
        None,
        "Trade > 2. The WTO and MPIA (Multi-Party Interim Appeal Arbitration Arrangement)",
        0,
        len(text),
    )
    question = "What does MPIA stand for?"
    composed = compose(
        question,
        fake_embedder.embed([question])[0],
        [Hit(chunk=chunk, title="A report", score=1.0, rank=1)],
        np.array([0.8]),
        context(fake_embedder, text),
    )
    assert not composed.abstained
    assert composed.answer.startswith(
        "MPIA stands for Multi-Party Interim Appeal Arbitration Arrangement: the section heading"
    )
    assert composed.citations[0].section.endswith("(Multi-Party Interim Appeal Arbitration Arrangement)")


def test_a_table_row_prints_the_unit_of_its_amounts_in_its_headers():
    asked = analyse("How much revenue did corporation taxes bring in during 2031?")
    row = "Table S-4 | Row: Corporation income taxes | (In billions of dollars) 2031: 459"
    assert has_attribute(row, "number", asked=asked, row=True)
    assert not has_attribute("Corporation income taxes were 459 in the table.", "number", asked=asked)
    capacity = "World Production Capacity | Row: Norway | Silicon carbide 2031: 80,000"
    assert not has_attribute(
        capacity, "number", asked=analyse("What was the price per ton of silicon carbide in 2031?"), row=True
    )


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ('How does the report explain the idea of "friend-shoring"?', "friend-shoring"),
        ("What does the study group mean by layered globalization?", "layered globalization"),
        ("What does the study group recommend?", None),
    ],
)
def test_asking_what_an_author_means_by_a_term_or_the_idea_of_it_asks_its_definition(question, term):
    from policyqa.answer.question import defined_term

    assert defined_term(question) == term


def test_a_term_is_defined_where_the_corpus_defines_it_though_retrieval_missed_that_passage(fake_embedder):
    used = "Crowded homes were more common among renters in 2031. Crowded homes cost more to heat."
    defined = "In this report a home counts as crowded: a crowded home is defined as a home with two persons per room."
    question = "What makes a home count as 'crowded' in this report?"
    ctx = replace(
        context(fake_embedder, f"{used} {defined}"),
        using=lambda word: [hit(1, used), hit(2, defined)] if word.lower() == "crowded" else [],
    )
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, used)], np.array([0.8]), ctx)
    assert composed.answer == f"{defined} [1]"


def test_a_sentence_announcing_a_series_brings_the_items_that_follow_it(fake_embedder):
    text = (
        "The findings in this report are subject to at least three limitations. First, the data were self-reported "
        "by tenants. Second, transient quarters were excluded from the sample. Third, only two survey years were "
        "compared."
    )
    question = "What limitations of the findings do the authors acknowledge?"
    composed = compose(
        question, fake_embedder.embed([question])[0], [hit(1, text)], np.array([0.8]), context(fake_embedder, text)
    )
    for item in ("First, the data were self-reported", "Second, transient quarters", "Third, only two survey years"):
        assert item in composed.answer


def test_a_term_named_then_explained_by_what_it_involves_is_defined_by_both_sentences():
    from policyqa.answer.evidence import with_restatement

    text = (
        "In response, we should pursue layered globalization. "
        "This involves building cooperation through many agreements."
    )
    evidence = Evidence(hit(1, text), 0, 52, 1.0, True)
    assert with_restatement(evidence).text == text


def test_the_condition_of_belonging_to_a_class_defines_it_outright():
    from policyqa.answer.question import definition_strength

    sentence = "You are a former long-term resident if you held a green card in at least 8 of the last 15 years."
    assert definition_strength(sentence, "former long-term resident") == 2
    assert definition_strength("Former long-term residents must file Form 8854.", "former long-term resident") < 2


def test_the_short_tail_of_a_sentence_cut_by_a_page_break_is_no_evidence():
    tail = hit(1, "person who would have had to file the return. Executors must also sign it.")
    spans = [tail.chunk.text[s:e] for _, s, e in candidates([tail])]
    assert spans == ["Executors must also sign it."]
    heading_left = hit(
        2, "a Resident Alien You can elect to be taxed as a resident for the whole year if all of these apply."
    )
    assert len(candidates([heading_left])) == 1  # a long opening is read


def test_a_row_whose_cell_for_the_column_asked_prints_no_figure_does_not_answer(fake_embedder):
    row = (
        "Table 5: Enrollment by race/ethnicity | Year: 2029 | [In thousands] Total: 14,909 | "
        "[In thousands] Race/ethnicity White: 8,954 | [In thousands] Race/ethnicity Two or more races: —"
    )
    question = "How many students of two or more races were enrolled in 2029?"
    ctx = context(fake_embedder, f"{row} {question}")
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, row, "table_row")], np.array([0.9]), ctx)
    assert composed.abstained and "no figure for “Race/ethnicity Two or more races” (“—”)" in composed.answer
    # a question asking no attribute of its own asks the cell as well
    rate = "What was the enrolment of students of two or more races in 2029?"
    ctx = context(fake_embedder, f"{row} {rate}")
    declined = compose(rate, fake_embedder.embed([rate])[0], [hit(1, row, "table_row")], np.array([0.9]), ctx)
    assert declined.abstained and "prints no figure" in declined.answer
    white = "How many White students were enrolled in 2029?"
    ctx = context(fake_embedder, f"{row} {white}")
    answered = compose(white, fake_embedder.embed([white])[0], [hit(1, row, "table_row")], np.array([0.9]), ctx)
    assert not answered.abstained


def test_rows_of_one_half_of_a_pair_do_not_answer_for_the_other(fake_embedder):
    row = "Table 15: Public high school graduates, by state | State: Texas | 2031: 303,120"
    question = "How many private high school graduates did Texas have in 2031?"
    ctx = context(fake_embedder, f"{row} {question}")
    composed = compose(question, fake_embedder.embed([question])[0], [hit(1, row, "table_row")], np.array([0.9]), ctx)
    assert composed.abstained and "the rows it cites are of “public”, not “private”" in composed.answer


@pytest.mark.parametrize(
    ("question", "asked", "docs"),
    [
        (
            "In the Census disability report, what were the disability rates for women?",
            "What were the disability rates for women?",
            {"census-disability-2031"},
        ),
        (
            "In the 2029 American Housing Survey data reported by CDC, what share had leaks?",
            "In 2029, what share had leaks?",
            {"cdc-housing"},
        ),
        ("In Table 3, which item leads?", "In Table 3, which item leads?", None),  # a table, not a source
        ("In the 2029 survey, what share had leaks?", "In the 2029 survey, what share had leaks?", None),
        ("In the Martian report, what share had leaks?", "In the Martian report, what share had leaks?", None),
        (
            "In the 2028-29 CDC housing report, what share had leaks?",  # a span of years stays one
            "In 2028-29, what share had leaks?",
            {"cdc-housing"},
        ),
        # a question opening on "In which ..." names no source, whatever its clause says
        ("In which year did the census report the most arrests, and how many?", None, None),
    ],
)
def test_read_source(question, asked, docs):
    from policyqa.answer import read_source
    from policyqa.text import bm25_tokens

    named = {
        doc: frozenset(bm25_tokens(words, None))
        for doc, words in {
            "census-disability-2031": "census disability 2031 highlights",
            "census-arrests": "census statabstract arrests",
            "cdc-housing": "cdc mmwr inadequate and unhealthy housing",
        }.items()
    }
    expected = question if asked is None else asked
    assert read_source(question, named, None) == (expected, None if docs is None else frozenset(docs))


def test_fiscal_years_are_written_out():
    from policyqa.text import fiscal_years

    assert fiscal_years("How much went to defense in FY2031?") == "How much went to defense in fiscal year 2031?"
    assert fiscal_years("In the FY 2030/31 estimates, ...") == "In the fiscal year 2030/31 estimates, ..."
    assert fiscal_years("The FYI says 2031.") == "The FYI says 2031."


def test_an_acronym_glossed_not_spelt_out_is_defined_by_its_gloss():
    from policyqa.answer.question import definition_strength

    glossed = (
        "Table 6.5 compares member states in CR5 - the 5 firm concentration ratio (the share of the 5 largest firms)."
    )
    assert definition_strength(glossed, "CR5") == 1
    assert definition_strength("To some extent, the finding is inevitable, given that CR5 is bounded.", "CR5") == 0


def test_a_list_numbered_inline_in_the_next_sentence_is_read_with_the_one_it_follows():
    from policyqa.answer.evidence import with_announced_list

    text = (
        "The agency proposes to revise the Gear Fault checklist. This checklist would be revised to (1) add a "
        "step to lower the gear by hand, (2) improve the go-around procedure, and (3) add a warning light. "
        "Operators must comply within 30 days."
    )
    first = text.index(" This")
    revised = with_announced_list(Evidence(hit(1, text), 0, first, 0.9, True))
    assert text[revised.start : revised.end].endswith("add a warning light.")
    # a sentence with no numbered items after it stays as it is
    plain = "The agency proposes to revise the checklist. Operators must comply within 30 days."
    kept = with_announced_list(Evidence(hit(2, plain), 0, plain.index(" Operators"), 0.9, True))
    assert kept.end == plain.index(" Operators")
