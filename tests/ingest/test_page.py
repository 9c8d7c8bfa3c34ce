"""HTML pages: what the markup says is article (key points, list items, subheads, a closing
statement) and what is not (menus, breadcrumbs, clocks, banners, captions, link lists), and
the metadata publishers declare (Open Graph, JSON-LD, the date shown under the headline)."""

import datetime as dt

import pytest
from lxml import etree

from app.ingest.clean import clean
from app.ingest.dates import parse_stamp
from app.ingest.document import CleanArticle, RawDocument
from app.ingest.page import blocks_of
from app.ingest.pagemeta import strip_site_name

NAV = (
    "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
    "<li><a href='/sport'>Sport</a></li></ul></nav></header>"
)
RELATED = (
    "<aside><h2>Related</h2><ul>"
    "<li><a href='/x'>Rail strike called off after late-night talks</a></li>"
    "<li><a href='/y'>Museum reopens its east wing to visitors</a></li></ul></aside>"
)
FOOTER = "<footer><p>Copyright 2026 The Valley Herald. All rights reserved.</p></footer>"


def page(head: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head>"
        f"<body>{body}</body></html>"
    )


def clean_html(html: str) -> CleanArticle:
    return clean(RawDocument(path="a.html", source_key="/a.html", fmt="html", content=html))


LIVE_BLOG = page(
    "<title>Live: Flood defences hold as river peaks | The Valley Herald</title>"
    "<meta property='og:site_name' content='The Valley Herald'>",
    NAV + "<main><article><h1>Live: Flood defences hold as river peaks</h1>"
    "<div class='summary'><h2>Key points</h2><ul>"
    "<li>River level peaked overnight at 5.2 metres, the highest in thirty years</li>"
    "<li>Mayor Ingrid Solberg says no homes in the old town were flooded</li>"
    "<li>Rail services between the two valleys remain suspended until Friday</li></ul></div>"
    "<h2>Mayor thanks volunteers</h2>"
    "<p>The mayor, Ingrid Solberg, visited the sandbag lines on Wednesday morning and thanked"
    " the hundreds of volunteers who worked through the night.</p>"
    "<p>“Without them the old town would be under water today,” Solberg told reporters.</p>"
    "<h2>Railway closed</h2>"
    "<p>The regional railway said the line would stay closed while engineers inspected two"
    " bridges for damage.</p>"
    "<p>“Safety comes first,” a railway spokesperson said.</p>"
    "</article>" + RELATED + "</main>" + FOOTER,
)

LIST_ARTICLE = page(
    "<title>Five things the new housing law changes - Daily Lantern</title>"
    "<meta property='og:site_name' content='Daily Lantern'>"
    '<script type=\'application/ld+json\'>{"@context": "https://schema.org",'
    ' "@type": "NewsArticle", "headline": "Five things the new housing law changes",'
    ' "datePublished": "2025-06-14T23:30:00+00:00",'
    ' "dateModified": "2025-06-15T08:00:00+08:00",'
    ' "publisher": {"@type": "Organization", "name": "Daily Lantern"}}</script>',
    NAV + "<main><article><h1>Five things the new housing law changes</h1>"
    "<p class='byline'>By Wei Lin</p>"
    "<p>Parliament passed the housing bill on Saturday after three months of debate, and most"
    " of its rules take effect at the start of next year.</p>"
    "<ol><li>Rents can rise by no more than three percent a year in the largest cities.</li>"
    "<li>Landlords must register every flat they let with the city housing office.</li>"
    "<li>Tenants get six months' notice before any eviction for renovation.</li>"
    "<li>New buildings must set aside a tenth of their flats for lower incomes.</li></ol>"
    "<p>Housing minister Chen Jiahui defended the bill in the chamber.</p>"
    '<p>"This law protects families, not speculators," Chen said.</p>'
    "<figure><img src='a.jpg'><figcaption>Chen Jiahui speaks in parliament."
    " Photo: Pool via Reuters</figcaption></figure>"
    "</article>" + RELATED + "</main>" + FOOTER,
)

CLOCK_AND_BANNER = page(
    "<title>Port workers end strike after pay deal</title>",
    "<div class='topbar'><span>Today: Tuesday, March 3, 2026</span><span>Lagos 31°C</span></div>"
    "<div class='banner'>BREAKING NEWS</div>"
    "<nav class='breadcrumb'><a href='/'>Home</a> › <a href='/news'>News</a> ›"
    " <a href='/news/business'>Business</a></nav>"
    "<main><article><span class='section'>BUSINESS</span>"
    "<h1>Port workers end strike after pay deal</h1>"
    "<div class='meta'><span>By Chinedu Okeke</span><span>Published: 12 Dec. 2025, 10:01</span>"
    "<span>Updated: 13 Dec. 2025, 08:15</span></div>"
    "<div class='audio'><button>Listen to this article</button><span>0:00 / 4:32</span></div>"
    "<p>Dock workers at the city's main port returned to work on Friday after union leaders"
    " accepted a pay rise of twelve percent over two years.</p>"
    "<p>“Our members have won what they asked for,” union secretary Funmilayo Adebayo said"
    " outside the port gates.</p>"
    "<p>The strike had held up more than two hundred ships and cost importers millions in"
    " fees, the port authority said.</p>"
    "<p>“We will make up the lost time within a month,” the authority's director said.</p>"
    "<div class='tags'>Tags: <a href='/t/ports'>Ports</a> <a href='/t/unions'>Unions</a></div>"
    "</article></main>" + FOOTER,
)


# Class 1: the cleaner keeps the article's content and only it.


def test_live_blog_key_points_and_posts_are_kept() -> None:
    a = clean_html(LIVE_BLOG)
    assert a.paragraphs[:3] == [
        "River level peaked overnight at 5.2 metres, the highest in thirty years",
        "Mayor Ingrid Solberg says no homes in the old town were flooded",
        "Rail services between the two valleys remain suspended until Friday",
    ]
    assert "Mayor thanks volunteers" in a.paragraphs
    assert a.paragraphs[-1] == "“Safety comes first,” a railway spokesperson said."


def test_list_items_that_tell_the_story_are_kept_and_a_link_list_is_not() -> None:
    a = clean_html(LIST_ARTICLE)
    assert "Landlords must register every flat they let with the city housing office." in (
        a.paragraphs
    )
    assert len([p for p in a.paragraphs if p.endswith("cities.") or p.endswith("incomes.")]) == 2
    assert a.paragraphs[-1] == '"This law protects families, not speculators," Chen said.'
    assert "Rail strike called off" not in a.body
    assert "Related" not in a.body


def test_a_closing_statement_stays_the_last_paragraph() -> None:
    a = clean_html(CLOCK_AND_BANNER)
    assert (
        a.paragraphs[-1]
        == "“We will make up the lost time within a month,” the authority's director said."
    )


@pytest.mark.parametrize(
    "noise",
    ["Today", "BREAKING", "Home", "BUSINESS", "Listen to this article", "0:00", "Tags", "Lagos"],
)
def test_clock_banner_breadcrumb_section_and_player_are_not_body(noise: str) -> None:
    assert noise not in clean_html(CLOCK_AND_BANNER).body


@pytest.mark.parametrize("noise", ["Photo:", "Pool via Reuters", "Copyright", "Home"])
def test_captions_credits_and_menus_are_not_body(noise: str) -> None:
    assert noise not in clean_html(LIST_ARTICLE).body


def test_banner_and_breadcrumb_are_not_the_title() -> None:
    assert clean_html(CLOCK_AND_BANNER).title == "Port workers end strike after pay deal"


def test_a_site_logo_in_h1_is_not_the_headline() -> None:
    html = page(
        "<title>Village school wins national robotics prize | Hill Post</title>"
        "<meta property='og:site_name' content='Hill Post'>",
        "<header><h1>Hill Post</h1></header><main><article>"
        "<p>Pupils from a village school of ninety children won the national robotics prize on"
        " Sunday with a machine that sorts seeds for farmers.</p>"
        "<p>“We built it from parts of old printers,” said teacher Ravi Menon.</p>"
        "</article></main>",
    )
    a = clean_html(html)
    assert (a.title, a.source) == ("Village school wins national robotics prize", "Hill Post")


# Class 2: page metadata.


def test_site_clock_is_not_the_publication_date_the_published_line_is() -> None:
    assert clean_html(CLOCK_AND_BANNER).published == dt.date(2025, 12, 12)


def test_json_ld_date_and_publisher_are_read() -> None:
    a = clean_html(LIST_ARTICLE)
    assert (a.title, a.source, a.byline) == (
        "Five things the new housing law changes",
        "Daily Lantern",
        "Wei Lin",
    )
    # 23:30 UTC is already the next morning in the zone the page's update stamp is written in.
    assert a.published == dt.date(2025, 6, 15)


def test_og_site_name_and_article_published_time_in_local_time() -> None:
    html = page(
        "<title>Coffee harvest smaller after late rains :: Andes Ledger</title>"
        "<meta property='og:site_name' content='Andes Ledger'>"
        "<meta property='article:published_time' content='2025-09-30T21:40:00-05:00'>",
        "<main><article><h1>Coffee harvest smaller after late rains</h1>"
        "<p>Growers in the southern highlands expect to pick a fifth less coffee this year"
        " after rains arrived six weeks late, the growers' federation said.</p>"
        "<p>“The cherries ripened all at once and many were lost,” said federation head"
        " Lucía Quispe Mamani.</p></article></main>",
    )
    a = clean_html(html)
    assert (a.title, a.source, a.published) == (
        "Coffee harvest smaller after late rains",
        "Andes Ledger",
        dt.date(2025, 9, 30),
    )


def test_a_utc_stamp_gives_way_to_the_date_shown_under_the_headline() -> None:
    html = page(
        "<title>Ferry timetable changes for winter</title>"
        "<meta property='og:site_name' content='Island Courier'>"
        "<meta property='article:published_time' content='2025-11-05T02:10:00Z'>",
        "<main><article><h1>Ferry timetable changes for winter</h1>"
        "<time datetime='2025-11-04'>November 4, 2025</time>"
        "<p>The island ferry will sail four times a day instead of six from next week, the"
        " operator said, blaming fewer passengers in the winter months.</p>"
        "<p>“We will add sailings again at Easter,” said operator spokesman Tane Walker.</p>"
        "</article></main>",
    )
    assert clean_html(html).published == dt.date(2025, 11, 4)


def test_a_copyright_year_is_no_publication_date() -> None:
    assert clean_html(LIVE_BLOG).published is None


@pytest.mark.parametrize(
    ("value", "day", "hours"),
    [
        ("2025-11-20T02:15:49-06:00", dt.date(2025, 11, 20), -6),
        ("Tue Nov 19 2019 03:05:46 GMT+0000", dt.date(2019, 11, 19), 0),
        ("2025-04-03T10:00:00.000+05:30", dt.date(2025, 4, 3), 5.5),
        ("2025-04-03T10:00:00Z", dt.date(2025, 4, 3), 0),
    ],
)
def test_time_stamps_keep_their_offset(value: str, day: dt.date, hours: float) -> None:
    stamp = parse_stamp(value)
    assert stamp is not None
    assert stamp.moment.date() == day
    assert stamp.offset == dt.timedelta(hours=hours)


def test_a_stamp_without_zone_is_read_as_written() -> None:
    stamp = parse_stamp("2025-04-03")
    assert stamp is not None
    assert (stamp.offset, stamp.local_day(dt.timedelta(hours=-8))) == (None, dt.date(2025, 4, 3))


@pytest.mark.parametrize(
    ("title", "names", "headline", "expected"),
    [
        ("Dam opens | Riverside Times", ["Riverside Times"], None, "Dam opens"),
        ("Riverside Times: Dam opens", ["riversidetimes.com"], None, "Dam opens"),
        ("Dam opens - World news - Riverside Times", [], "Dam opens", "Dam opens"),
        ("Dam opens", ["Riverside Times"], None, "Dam opens"),
        ("Dam opens on the river | The Riverside Times", [], None, "Dam opens on the river"),
        ("Dam opens | World | Riverside Times", [], None, "Dam opens"),
        ("Dam opens: day three | live", [], None, "Dam opens: day three | live"),
    ],
)
def test_site_name_is_cut_from_the_title(
    title: str, names: list[str], headline: str | None, expected: str
) -> None:
    assert strip_site_name(title, names, headline) == expected


CARDS = page(
    "<title>Glacier lost a fifth of its ice in ten years</title>",
    "<main><article><h1>Glacier lost a fifth of its ice in ten years</h1>"
    "<p>The largest glacier in the range has lost a fifth of its ice since 2015, a survey"
    " by the national mountain institute found.</p>"
    "<p>“The melt is faster than any of our models expected,” said glaciologist Tenzing"
    " Sherpa, who led the survey.</p>"
    "<p>The institute will repeat the survey every two years.</p></article>"
    "<section class='more'><h2>More from Science</h2><ul>"
    "<li><a href='/1'>Bees learn to count to four</a><br>Researchers trained bees with sugar"
    " rewards placed behind painted doors.</li>"
    "<li><a href='/2'>Comet visible at dawn this week</a><br>Look low in the east about an"
    " hour before sunrise to spot the faint tail.</li>"
    "<li><a href='/3'>Oldest tree ring record extended</a><br>Samples from bog oaks push the"
    " record back another thousand years.</li></ul></section></main>",
)


def test_cards_of_other_stories_with_their_blurbs_are_not_body() -> None:
    a = clean_html(CARDS)
    assert a.paragraphs == [
        "The largest glacier in the range has lost a fifth of its ice since 2015, a survey by"
        " the national mountain institute found.",
        "“The melt is faster than any of our models expected,” said glaciologist Tenzing Sherpa,"
        " who led the survey.",
        "The institute will repeat the survey every two years.",
    ]


def test_a_hover_card_inside_a_paragraph_is_cut_and_the_paragraph_kept() -> None:
    card = (
        "<span class='card'><img src='p.jpg'><a href='/p/okonjo'>Adaeze Okonjo</a>"
        "<a href='/s/1'>Okonjo opens new wing of the children's hospital</a>"
        "<a href='/s/2'>Senate backs Okonjo's plan for rural clinics</a></span>"
    )
    html = page(
        "<title>Health minister promises more rural nurses</title>",
        "<main><article><h1>Health minister promises more rural nurses</h1>"
        f"<p>Health minister <a href='/p/okonjo'>Adaeze Okonjo</a>{card} promised on Monday to"
        " hire three thousand nurses for rural clinics by the end of next year.</p>"
        "<p>“No village should be a day's walk from a nurse,” Okonjo told the senate.</p>"
        "<p>The plan will be paid for from the fuel subsidy savings, she said.</p>"
        "</article></main>",
    )
    a = clean_html(html)
    assert a.paragraphs[0] == (
        "Health minister Adaeze Okonjo promised on Monday to hire three thousand nurses for"
        " rural clinics by the end of next year."
    )
    assert "Senate backs" not in a.body


def test_a_paragraph_trafilatura_split_at_a_link_is_joined_with_its_space() -> None:
    # trafilatura's output for text broken by <br>s, where an inline link starts a new <p>
    # and the space after the link is lost.
    body = etree.fromstring(
        "<body><p>Tickets for the first</p><p><ref target='/t'>night train</ref>went on sale on"
        " Monday, the railway said.</p><p>“People missed the sea,” said director"
        " <ref target='/p'>Hyun-woo Park</ref>.</p></body>"
    )
    assert [b.text for b in blocks_of(body)] == [
        "Tickets for the first night train went on sale on Monday, the railway said.",
        "“People missed the sea,” said director Hyun-woo Park.",
    ]


@pytest.mark.parametrize(
    "credit",
    [
        "Associated Press writer Jane Roe contributed to this report.",
        "Kofi Mensah contributed reporting from Accra.",
        "Staff writers Ana Lima and João Sá contributed reporting to this story from Recife.",
    ],
)
def test_a_closing_contribution_credit_is_not_body(credit: str) -> None:
    html = CARDS.replace("every two years.</p>", f"every two years.</p><p>{credit}</p>")
    assert (
        clean_html(html).paragraphs[-1] == "The institute will repeat the survey every two years."
    )


@pytest.mark.parametrize(
    ("head", "h1"),
    [
        ("<title>Hill Post</title><meta property='og:site_name' content='Hill Post'>", True),
        (
            "<title>World news | Hill Post</title>"
            "<meta property='og:site_name' content='Hill Post'>"
            "<meta property='og:title' content='Bus fares frozen for a third year'>",
            False,
        ),
        (
            '<title>Home</title><script type=\'application/ld+json\'>{"@type": "NewsArticle",'
            ' "headline": "Bus fares frozen for a third year"}</script>',
            True,
        ),
    ],
)
def test_a_title_tag_naming_no_story_gives_way_to_the_declared_headline(
    head: str, h1: bool
) -> None:
    headline = "<h1>Bus fares frozen for a third year</h1>" if h1 else ""
    html = page(
        head,
        f"<main><article>{headline}<p>The city will keep bus fares at their current level for a"
        " third year running, the transport authority said on Thursday.</p>"
        "<p>“Cheap buses keep cars off the road,” said transport chief Malika Haddad.</p>"
        "</article></main>",
    )
    assert clean_html(html).title == "Bus fares frozen for a third year"


@pytest.mark.parametrize(
    ("header", "day"),
    [
        # the date over the headline, inside the article
        ("<p class='kicker'>Politics | 14 March 2026</p><h1>{h}</h1>", dt.date(2026, 3, 14)),
        # the visible date is the publisher's own, the <time> stamp is in UTC
        (
            "<h1>{h}</h1><time datetime='2026-03-15T01:30:00Z'>March 14, 2026, 9:30 pm</time>",
            dt.date(2026, 3, 14),
        ),
        # a clock over the headline is never the date, even inside the article
        ("<p>Today: Friday, March 20, 2026</p><h1>{h}</h1>", None),
    ],
)
def test_the_date_shown_around_the_headline(header: str, day: dt.date | None) -> None:
    headline = "Fishing quotas cut for the northern coast"
    html = page(
        f"<title>{headline}</title>",
        "<div class='top'><span>Saturday, March 21, 2026</span></div>"
        f"<main><article>{header.format(h=headline)}"
        "<p>The fisheries ministry cut next year's cod quota for the northern coast by a"
        " quarter, citing falling stocks.</p>"
        "<p>“We take less now so there is something to take later,” said minister Siri"
        " Haugland.</p></article></main>",
    )
    assert clean_html(html).published == day


def test_prose_linking_many_phrases_is_kept_and_a_paragraph_of_links_is_not() -> None:
    linked = (
        "<p>The <a href='/r'>regional court</a> upheld the ban on Tuesday, after <a href='/a'>"
        "an appeal by farmers</a> and <a href='/b'>a petition of forty thousand names</a>,"
        " the <a href='/c'>environment agency</a> said.</p>"
    )
    links = (
        "<p>Read more: <a href='/x'>Pesticide ban explained</a>,"
        " <a href='/y'>Farmers' protest in pictures</a></p>"
    )
    html = page(
        "<title>Court upholds pesticide ban near rivers</title>",
        "<main><article><h1>Court upholds pesticide ban near rivers</h1>"
        f"{linked}"
        "<p>“The rivers come first,” said agency head Mirela Popescu.</p>"
        f"{links}"
        "<p>Farmers have three months to change how they spray fields near water.</p>"
        "</article></main>",
    )
    a = clean_html(html)
    assert a.paragraphs[0].startswith("The regional court upheld the ban on Tuesday")
    assert "Read more" not in a.body
    assert "in pictures" not in a.body


def test_a_signature_under_a_blockquote_joins_it() -> None:
    html = page(
        "<title>Orchestra to tour twelve towns</title>",
        "<main><article><h1>Orchestra to tour twelve towns</h1>"
        "<p>The national orchestra will tour twelve towns this summer, its first tour outside"
        " the capital in a decade, the culture ministry said on Monday.</p>"
        "<blockquote><p>“Music belongs to everyone. We play for the whole country.”</p>"
        "</blockquote><p>— Nomvula Dlamini, conductor</p></article></main>",
    )
    assert clean_html(html).paragraphs[-1] == (
        "“Music belongs to everyone. We play for the whole country.” — Nomvula Dlamini, conductor"
    )


def test_a_lone_agency_credit_does_not_replace_the_sites_name() -> None:
    html = page(
        "<title>Harvest festival draws record crowds</title>"
        "<meta property='og:site_name' content='Delta Tribune'>",
        "<main><article><h1>Harvest festival draws record crowds</h1><p>AFP</p>"
        "<p>More than two hundred thousand people visited the harvest festival over the"
        " weekend, the organisers said on Monday.</p>"
        "<p>“We ran out of rice cakes by noon,” said stall holder Thi Mai Nguyen.</p>"
        "</article></main>",
    )
    assert clean_html(html).source == "Delta Tribune"


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # a keyword and a colon before the <title>: the published headline, shown in the <h1>
        (
            "<title>Lagos flooding: Why the city's drains fail every rainy season | Coast Wire"
            "</title><meta property='og:site_name' content='Coast Wire'>"
            "<meta property='og:title' content='The drains that keep failing Lagos'>",
            "The drains that keep failing Lagos",
            "The drains that keep failing Lagos",
        ),
        # ... or declared as the JSON-LD headline
        (
            "<title>Pension reform: Key votes from Tuesday's late sitting in the Sejm</title>"
            "<meta property='og:title' content='Key votes from the Sejm pension sitting'>"
            '<script type=\'application/ld+json\'>{"@type": "NewsArticle",'
            ' "headline": "Key votes from the Sejm pension sitting"}</script>',
            "Pension reform at a glance",
            "Key votes from the Sejm pension sitting",
        ),
        # a <title> without such a keyword is the headline, whatever the social one says
        (
            "<title>Rice prices climb as monsoon stalls - Mekong Post</title>"
            "<meta property='og:site_name' content='Mekong Post'>"
            "<meta property='og:title' content=\"One of Asia's staples could get dearer\">",
            "One of Asia's staples could get dearer",
            "Rice prices climb as monsoon stalls",
        ),
        # a keyword the published headline opens with too
        (
            "<title>Market Watch: Do small traders still have a chance?</title>"
            "<meta property='og:title' content='Market Watch: Why small traders hold on'>",
            "Market Watch: Why small traders hold on",
            "Market Watch: Do small traders still have a chance?",
        ),
        # the published headline alone, with nothing to say it is the one shown
        (
            "<title>Bridge closure: Commuters face six weeks of detours</title>"
            "<meta property='og:title' content='Six weeks of detours for river commuters'>",
            "Detours explained",
            "Bridge closure: Commuters face six weeks of detours",
        ),
    ],
)
def test_a_search_engine_title_gives_way_to_the_headline_the_page_shows(
    head: str, h1: str, expected: str
) -> None:
    html = page(
        head,
        f"<main><article><h1>{h1}</h1><p>Officials said on Monday that the work would start"
        " next month and take most of the season.</p>"
        "<p>“We know it is hard for everyone,” said engineer Chidi Okafor.</p>"
        "</article></main>",
    )
    assert clean_html(html).title == expected
