"""find_quote_spans: quoted spans from the marks alone, paragraph by paragraph."""

import pytest

from app.ingest.quotemarks import QuoteSpan, find_quote_spans, looks_like_title


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_curly_double_marks() -> None:
    text = "“We will build the bridge,” Maria Kowalska said."
    [span] = find_quote_spans(text)
    assert span == QuoteSpan(start=1, end=26, open_mark=0, close_mark=26)
    assert text[span.start : span.end] == "We will build the bridge,"
    assert not span.unclosed
    assert span.outer_end == 27


def test_straight_double_marks() -> None:
    assert quoted('The mayor said "the budget is balanced" on Friday.') == [
        "the budget is balanced"
    ]


def test_tex_marks() -> None:
    text = "Kowalska called it ``a good day for Gdansk'' and left."
    [span] = find_quote_spans(text)
    assert text[span.start : span.end] == "a good day for Gdansk"
    assert (text[span.open_mark : span.open_mark + 2], text[span.close_mark or 0]) == ("``", "'")


def test_double_apostrophes_open_and_close_a_quote() -> None:
    assert quoted("''We are ready,'' Kowalska said.") == ["We are ready,"]


def test_double_apostrophes_after_a_digit_do_not_open() -> None:
    assert quoted("The 12'' pipe burst.") == []


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("«Nous sommes prêts», a-t-il dit.", "Nous sommes prêts"),
        ("« Nous sommes prêts », a déclaré Claire Martin.", "Nous sommes prêts"),
        ("«Мы готовы к переговорам», — заявил Иван Петров.", "Мы готовы к переговорам"),
        ("Er sagte: »Das ist falsch.« Dann ging er.", "Das ist falsch."),
    ],
)
def test_guillemets_with_and_without_inner_spaces(text: str, inner: str) -> None:
    assert quoted(text) == [inner]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("„Wir schaffen das“, sagte Katrin Weber.", "Wir schaffen das"),
        ("„Nie podpiszemy tej umowy”, powiedział Jan Nowak.", "Nie podpiszemy tej umowy"),
        ("‚Nein‘, sagte sie.", "Nein"),
    ],
)
def test_low_opening_marks(text: str, inner: str) -> None:
    assert quoted(text) == [inner]


@pytest.mark.parametrize(
    "text",
    [
        "\"We will not back down,'' Information Minister Jane Roe said on Monday.",
        "“We will not back down,'' Information Minister Jane Roe said on Monday.",
        '``We will not back down," Information Minister Jane Roe said on Monday.',
    ],
)
def test_double_apostrophes_close_a_quote_opened_with_another_mark(text: str) -> None:
    [span] = find_quote_spans(text)
    assert text[span.start : span.end] == "We will not back down,"
    assert text[span.outer_end :].startswith(" Information Minister"), "the mark is all inside"


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("PM: 'We will not back down'", "We will not back down"),
        ("Minister tells the BBC: 'Talks are over'", "Talks are over"),
        ("'We will fight on,' the union leader Amara Osei said.", "We will fight on,"),
    ],
)
def test_straight_single_marks_hold_speech_after_a_colon_or_before_a_speaker(
    text: str, inner: str
) -> None:
    assert quoted(text) == [inner]


@pytest.mark.parametrize(
    "text",
    [
        "'A healthy harbour.'",
        "The bill died amid its 'poison pills' in the Senate.",
        "'Stoic' driver named after crash",
        "The rock 'n' roll era and the '90s ended.",
    ],
)
def test_straight_single_marks_around_words_and_subheads_are_not_spans(text: str) -> None:
    assert find_quote_spans(text) == []


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("We are ready for the talks,” Jan Nowak told reporters.", "We are ready for the talks,"),
        (
            "Ahmed Haddad: We have waited too long for this.” The crowd cheered.",
            "We have waited too long for this.",
        ),
        (
            'The harbour will reopen in May." Mayor Ines Duarte said so on Friday.',
            "The harbour will reopen in May.",
        ),
    ],
)
def test_closing_mark_without_an_opening_one(text: str, inner: str) -> None:
    [span] = find_quote_spans(text)
    assert text[span.start : span.end] == inner
    assert span.guessed_open and span.open_mark == span.start


@pytest.mark.parametrize(
    "text",
    [
        'See <a title="harbour" href="/x">the map</a> for details.',
        "Q: Was it hard?\n\nA: It was hard. They said “never” to us.” Then we left.",
        'The pipe was 5" wide.',
    ],
)
def test_lone_marks_that_end_no_statement_are_not_spans(text: str) -> None:
    assert [s for s in find_quote_spans(text) if s.guessed_open] == []


def test_split_quote_is_two_spans() -> None:
    assert quoted("“We will win,” he said. “And win big.”") == ["We will win,", "And win big."]


def test_several_tex_quotes_in_one_paragraph() -> None:
    assert quoted("He said ``first'' and then ``second''.") == ["first", "second"]


def test_multi_paragraph_quote_is_one_span_per_paragraph() -> None:
    text = (
        "“The first part of the plan is done.\n\n"
        "“The second part starts in May,” Kowalska said.\n\n"
        "The council meets again next week."
    )
    first, second = find_quote_spans(text)
    assert text[first.start : first.end] == "The first part of the plan is done."
    assert first.unclosed and first.close_mark is None
    assert first.outer_end == first.end
    assert text[second.start : second.end] == "The second part starts in May,"
    assert not second.unclosed
    assert second.open_mark == text.index("“The second")


def test_straight_marks_reopen_each_paragraph_of_a_long_quote() -> None:
    assert quoted('"First part.\n\n"Second part," he said.') == ["First part.", "Second part,"]


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = "Kowalska said: “the bridge will open in spring \n\nThe council did not comment."
    [span] = find_quote_spans(text)
    assert span.unclosed
    assert text[span.start : span.end] == "the bridge will open in spring"


def test_second_opener_before_a_closer_ends_the_first_quote() -> None:
    text = "“Part one of the plan. “Part two,” he said."
    first, second = find_quote_spans(text)
    assert first.unclosed and text[first.start : first.end] == "Part one of the plan."
    assert text[second.start : second.end] == "Part two,"


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("“Is it settled “this time” or not?” he asked.", "Is it settled “this time” or not?"),
        ("«Il a parlé de “trahison” hier», a dit Dupont.", "Il a parlé de “trahison” hier"),
        ("„Sie nannte es ‚Verrat‘ und ging“, sagte Weber.", "Sie nannte es ‚Verrat‘ und ging"),
        (
            "“They told us ‘wait and see’ once again,” he said.",
            "They told us ‘wait and see’ once again,",
        ),
    ],
)
def test_nested_quotes_stay_inside_their_parent(text: str, inner: str) -> None:
    assert quoted(text) == [inner]


@pytest.mark.parametrize(
    "text",
    [
        "‘We won’t stop now,’ she said.",
        "‘It’s the town’s bridge,’ she said.",
    ],
)
def test_apostrophes_inside_words_do_not_close_single_quotes(text: str) -> None:
    [inner] = quoted(text)
    assert inner == text[1 : text.index(",’") + 1]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("‘The voters’ choice is clear,’ he said.", "The voters’ choice is clear,"),
        ("‘Our members’ patience has run out,’ Mensah said.", "Our members’ patience has run out,"),
        ("She said: ‘The farmers’ union will not sign.’", "The farmers’ union will not sign."),
    ],
)
def test_plural_possessive_does_not_close_single_quote(text: str, inner: str) -> None:
    assert quoted(text) == [inner]


def test_plural_possessive_at_the_end_still_closes() -> None:
    """`‘… for the workers’` with nothing after: the ’ is the quote's end, not a possessive."""
    assert quoted("Ito said it was ‘a win for the workers’ and left.") == ["a win for the workers"]


def test_apostrophes_do_not_end_double_quotes() -> None:
    text = "“It’s the voters’ choice, and they’ve made it,” she said."
    assert quoted(text) == ["It’s the voters’ choice, and they’ve made it,"]


def test_nested_single_quotes_stay_inside_the_double_quote() -> None:
    text = "“They told us ‘wait and see’ once again,” he said."
    assert quoted(text) == ["They told us ‘wait and see’ once again,"]


def test_unclosed_single_quote_is_not_a_span() -> None:
    """A lone ‘ is more often a typo or an abbreviation mark than a quote that runs on."""
    assert quoted("He was there in the ‘90s and stayed") == []


def test_inch_mark_is_not_an_opener() -> None:
    assert quoted('The pipe was 5" wide and "rusty" inside.') == ["rusty"]


def test_empty_quotes_are_not_spans() -> None:
    assert find_quote_spans("He answered “ ” and sat down.") == []


def test_text_without_marks_has_no_spans() -> None:
    assert find_quote_spans("The council met on Monday.\n\nIt adjourned at noon.") == []


@pytest.mark.parametrize(
    "text",
    ["Good Morning America", "Doomed to Succeed", "The Long Road Back to Main Street and Home"],
)
def test_titles_look_like_titles(text: str) -> None:
    assert looks_like_title(text)


@pytest.mark.parametrize(
    "text",
    ["Feel the Bern!", "We will win this", "Kiev", "a disgrace to the Senate", "Who Is Next?"],
)
def test_speech_does_not_look_like_a_title(text: str) -> None:
    assert not looks_like_title(text)


@pytest.mark.parametrize(
    "text",
    [
        '"We need the funds now and in full.\n\nAmara Osei, Harbour Workers Union."',
        "“The vote was fair and the count was open.\n\nKofi Asante, election observer.”",
        "“Nobody will be left behind.\n\n— Lucía Fernández, mayor of Valencia.”",
    ],
)
def test_closing_mark_after_a_line_break_closes_the_quote_above(text: str) -> None:
    """A round-up's "…\nName, Outlet." made into two paragraphs by the cleaner: the last
    mark closes the quote above, the attribution line is not a quote of its own."""
    [span] = find_quote_spans(text)
    assert span.unclosed and not span.guessed_open


@pytest.mark.parametrize(
    "text",
    [
        "“It was an attempt to mislead voters,’’ Will Moy, head of a charity, told the BBC.",
        '"It was an attempt to mislead voters,’’ said Ngozi Okafor, the party chair.',
        "“It was an attempt to mislead voters’’, the minister, Tran Van An, said in Hanoi.",
    ],
)
def test_a_curled_double_closing_mark_ends_the_quote(text: str) -> None:
    """`’’`, a closing '' curled by a feed, ends a quote opened with “ or ", so the speaker
    after it is not swallowed into the quote."""
    [span] = find_quote_spans(text)
    assert text[span.start : span.end].rstrip(",") == "It was an attempt to mislead voters"
    assert span.close_width == 2 and span.outer_end == text.index("’’") + 2


def test_a_single_quote_closed_by_a_doubled_mark_stays_one_quote() -> None:
    assert quoted("PM: ‘We will not back down’’ and then left.") == ["We will not back down"]
