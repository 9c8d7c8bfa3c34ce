"""Reading an HTML page: the article's blocks with their structural role, and its metadata.

trafilatura finds the main text (site templates are its job, not ours) and keeps the page's
structure: headings, paragraphs, list items, quotations and links. That structure decides what
plain text can only guess at: a heading that introduces paragraphs is a subhead of the
article, a list whose items are links is a list of other articles, a list of sentences is part
of the story. Two things trafilatura misses are mended here, from the page's structure and not
from any site's: an article cut into several containers of the same kind (with advertisements
between them) is read whole, and a post embedded from a social network, which its embed code
wraps in widgets, is kept as the quotation it is.

The page's metadata is read from what the publisher declares (`app.ingest.pagemeta`).
"""

import copy
import re
from dataclasses import dataclass
from typing import Literal

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError, _Element
from trafilatura.settings import Document
from trafilatura.utils import load_html

from app.ingest.document import InputError

Role = Literal["heading", "paragraph", "item", "quote"]

SPLIT_MIN_WORDS = 40
"""Paragraph words that other containers of the article's kind must hold, not yet extracted,
for the article to be taken as cut into pieces; fewer is a teaser or a caption."""
SPLIT_PARAGRAPH_MIN_WORDS = 8
"""Only paragraphs this long count towards `SPLIT_MIN_WORDS`: labels and buttons do not."""
TEASER_LINK_SHARE = 0.5
"""A block whose text is mostly one link's text points to another page."""
LINKS_ONLY_SHARE = 0.8
"""A block whose text is nearly all links, however many, is a list of links."""

HOVER_CARD_LINKS = 2
"""A photo and this many links nested inside a paragraph are a card about a name, not text."""

_EMBED_CLASS = re.compile(r"tweet|twitter|instagram|tiktok|embed|social", re.IGNORECASE)
"""Embed codes of social networks name their blockquote so (`twitter-tweet`, `instagram-media`)."""
_WRAPPER_TAGS = frozenset({"div", "figure", "section", "aside", "span", "center"})
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


@dataclass(frozen=True)
class Block:
    """One block of the article's main text, as the page's markup shaped it."""

    text: str
    role: Role
    group: int
    """Blocks of one list, one quotation or one paragraph broken by line breaks share it."""
    teaser: bool = False
    """Most of its text is a link: it points to another page rather than telling the story."""


@dataclass(frozen=True)
class Extraction:
    """What trafilatura found on a page: the main text's blocks and its own metadata."""

    blocks: list[Block]
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None


def parse_html(html: str) -> _Element:
    """The page as a tree; InputError when it is no HTML at all."""
    try:
        tree = load_html(html)
    except (ParserError, ValueError, TypeError):
        tree = None
    if tree is None:
        raise InputError("the HTML page cannot be parsed")
    return tree


def extract_main_text(tree: _Element) -> Extraction:
    """The article's blocks in reading order, with trafilatura's metadata; the tree is left as
    it was. InputError when the page holds no article text."""
    page = copy.deepcopy(tree)
    _unwrap_embedded_posts(page)
    _drop_hover_cards(page)
    doc = _bare_extraction(copy.deepcopy(page), with_metadata=True)
    if doc is None or doc.body is None or not (doc.text or "").strip():
        raise InputError("no article text found in the HTML page")
    blocks = blocks_of(doc.body)
    pieces = _article_pieces(page, blocks)
    if pieces:
        whole = _bare_extraction(_page_of(pieces), with_metadata=False)
        if whole is not None and whole.body is not None:
            blocks = _merged(blocks, blocks_of(whole.body))
    return Extraction(
        blocks=blocks,
        title=doc.title,
        date=doc.date,
        sitename=doc.sitename,
        author=doc.author,
        url=doc.url,
    )


def _bare_extraction(tree: _Element, *, with_metadata: bool) -> Document | None:
    """trafilatura's reading of a page, links kept (they tell a teaser from a paragraph)."""
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=False,
        include_links=True,
    )
    return doc if isinstance(doc, Document) else None


_HEADINGS = frozenset({"head", "h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"list", "ul", "ol", "dl"})
_ITEMS = frozenset({"item", "li", "dt", "dd"})
_QUOTES = frozenset({"quote", "blockquote"})
_PARAGRAPHS = frozenset({"p", "code", "pre"})
_LINKS = ("ref", "a")
"""trafilatura's own tags, and HTML's for the pages where it falls back on another extractor."""


def blocks_of(body: _Element) -> list[Block]:
    """trafilatura's output tree as blocks: headings, paragraphs, list items, quotations;
    other elements (a fallback extractor's `div`s) are looked into."""
    _mend_links(body)
    blocks: list[Block] = []

    def visit(element: _Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        group = len(blocks) and blocks[-1].group + 1
        if tag in _HEADINGS:
            blocks.extend(_lines(element, "heading", group))
        elif tag in _LISTS:
            for item in element.iter(*_ITEMS):
                if not any(a.tag in _ITEMS for a in item.iterancestors(*_ITEMS)):
                    blocks.extend(_lines(item, "item", group))
        elif tag in _QUOTES:
            parts = [p for p in element if p.tag in _PARAGRAPHS | _HEADINGS | _LISTS]
            for part in parts or [element]:
                blocks.extend(_lines(part, "quote", group))
        elif tag in _PARAGRAPHS:
            blocks.extend(_lines(element, "paragraph", group))
        else:
            if (element.text or "").strip():
                blocks.extend(_lines_of_text(element.text, group))
            for child in element:
                visit(child)
                if (child.tail or "").strip():
                    blocks.extend(_lines_of_text(child.tail, len(blocks) and blocks[-1].group + 1))

    for child in body:
        visit(child)
    return blocks


_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _mend_links(body: _Element) -> None:
    """Undo two cuts trafilatura makes at links in text broken by `<br>`s: the space after a
    link is lost ("MacBook Prowas released"), and a paragraph is split in two where a link
    starts its second half. A paragraph stopping mid-sentence before one that opens with a
    link is joined to it again."""
    for ref in body.iter(*_LINKS):
        text, tail = "".join(ref.itertext()), ref.tail or ""
        if text[-1:].isalnum() and tail[:1].isalnum():
            ref.tail = " " + tail
    for paragraph in list(body.iter("p")):
        follower = paragraph.getnext()
        if follower is None or follower.tag != "p" or (follower.text or "").strip():
            continue
        first = next(iter(follower), None)
        text = "".join(paragraph.itertext())
        if first is None or first.tag not in _LINKS or not text.strip():
            continue
        if _SENTENCE_END.search(text):
            continue
        if len(paragraph):
            last = paragraph[-1]
            last.tail = (last.tail or "").rstrip() + " "
        else:
            paragraph.text = (paragraph.text or "").rstrip() + " "
        paragraph.extend(list(follower))
        paragraph.tail = follower.tail
        follower.getparent().remove(follower)


def _lines_of_text(text: str, group: int) -> list[Block]:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return [Block(line, "paragraph", group) for line in lines if line]


def _lines(element: _Element, role: Role, group: int) -> list[Block]:
    """One block per line of the element (`<lb/>` breaks a line), each marked as a teaser
    when the element is mostly link text."""
    text = _text(element)
    teaser = _is_teaser(element, text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if role == "item" and lines and len(lines) > 1 and _is_link_text(element, lines[0]):
        teaser = True  # a card: another story's linked headline over its blurb
    return [Block(line, role, group, teaser) for line in lines]


def _is_link_text(element: _Element, line: str) -> bool:
    """Whether a line of the element is all one link's text."""
    return any(" ".join("".join(ref.itertext()).split()) == line for ref in element.iter(*_LINKS))


def _text(element: _Element) -> str:
    """The element's text with line breaks kept; nested blocks start new lines."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in ("lb", "br"):
            parts.append("\n")
        elif child.tag in _ITEMS | _LISTS | _PARAGRAPHS | _HEADINGS:
            parts.append("\n" + _text(child) + "\n")
        elif isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_teaser(element: _Element, text: str) -> bool:
    """Whether the element points to another page: one link makes up most of its text, or
    links make up nearly all of it ("Read more: A, B"). A paragraph of prose that links many
    of its phrases (a deals round-up, a sentence citing its sources) is still prose."""
    total = len("".join(text.split()))
    if not total:
        return False
    lengths = [len("".join("".join(ref.itertext()).split())) for ref in element.iter(*_LINKS)]
    return (
        max(lengths, default=0) >= TEASER_LINK_SHARE * total
        or sum(lengths) >= LINKS_ONLY_SHARE * total
    )


def _unwrap_embedded_posts(tree: _Element) -> None:
    """Put embedded posts (a quoted tweet) where their widget was: the widget's markup makes
    extractors drop it, though the post is what the article quotes."""
    for quote in list(tree.iter("blockquote")):
        if not _EMBED_CLASS.search(quote.get("class") or ""):
            continue
        wrapper = quote
        parent = quote.getparent()
        while parent is not None and parent.tag in _WRAPPER_TAGS and _only_child(parent, wrapper):
            wrapper, parent = parent, parent.getparent()
        if wrapper is not quote and parent is not None:
            quote.tail = wrapper.tail
            parent.replace(wrapper, quote)


def _drop_hover_cards(tree: _Element) -> None:
    """Remove the cards some sites nest in a paragraph beside a name (a photo and links to other
    stories, shown on hover): their text is not the sentence's, and their links make the
    paragraph look like a list of links."""
    for paragraph in list(tree.iter("p")):
        for image in list(paragraph.iter("img")):
            card = _card_of(image, paragraph)
            if card is not None:
                card.drop_tree()


def _card_of(image: _Element, paragraph: _Element) -> _Element | None:
    """The smallest element inside the paragraph around the image that holds several links."""
    for element in image.iterancestors():
        if element is paragraph:
            return None
        if sum(1 for _ in element.iter("a")) >= HOVER_CARD_LINKS:
            return element if element.tag in ("span", "div") else None
    return None


def _only_child(parent: _Element, child: _Element) -> bool:
    """Whether `child` is all that `parent` shows (scripts and whitespace aside)."""
    if (parent.text or "").strip():
        return False
    for element in parent:
        if element is child:
            continue
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE_TAGS:
            continue
        if (element.tail or "").strip() or "".join(element.itertext()).strip():
            return False
    return not (child.tail or "").strip()


def _normal(text: str) -> str:
    return " ".join(text.split())


def _article_pieces(tree: _Element, blocks: list[Block]) -> list[_Element] | None:
    """The containers an article was cut into, when trafilatura read only one of them.

    Pages that put advertisements between parts of an article repeat the article's container:
    the paragraphs trafilatura found sit in an element whose tag and class recur, and the other
    elements of that kind hold paragraphs of their own that it did not take.
    """
    found = {b.text for b in blocks}
    longest = max(
        (b for b in blocks if b.role == "paragraph"), key=lambda b: len(b.text), default=None
    )
    if longest is None:
        return None
    anchor = next((p for p in tree.iter("p") if _normal(p.text_content()) == longest.text), None)
    container = anchor.getparent() if anchor is not None else None
    while container is not None and not container.get("class"):
        container = container.getparent()
    if container is None:
        return None
    kind = container.get("class")
    pieces = [e for e in tree.iter(container.tag) if e.get("class") == kind]
    pieces = [e for e in pieces if not any(a in pieces for a in e.iterancestors())]
    if len(pieces) < 2:
        return None
    missing = 0
    for piece in pieces:
        for p in piece.iter("p"):
            words = len(_normal(p.text_content()).split())
            if words >= SPLIT_PARAGRAPH_MIN_WORDS and _normal(p.text_content()) not in found:
                missing += words
    return pieces if missing >= SPLIT_MIN_WORDS else None


def _page_of(pieces: list[_Element]) -> _Element:
    """A page holding only the article's pieces, in their order, as one article."""
    root = lxml_html.fromstring("<html><body><article></article></body></html>")
    article = root.find(".//article")
    assert article is not None
    for piece in pieces:
        article.append(copy.deepcopy(piece))
    return root


def _merged(first: list[Block], whole: list[Block]) -> list[Block]:
    """The whole article's blocks, unless reading the pieces together lost some of the first
    reading (then the first reading stays, followed by what the pieces add)."""
    texts = {b.text for b in whole}
    if all(b.text in texts for b in first if b.role == "paragraph"):
        return whole
    known = {b.text for b in first}
    offset = max((b.group for b in first), default=0) + 1
    extra = [
        Block(b.text, b.role, b.group + offset, b.teaser) for b in whole if b.text not in known
    ]
    return first + extra
