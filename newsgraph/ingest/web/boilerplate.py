"""Blocks of a news page that are not the article, taken out of the HTML before trafilatura reads it.

trafilatura drops navigation, footers and most sidebars, but blocks inside the article's own markup
stay in its text: a newsletter sign-up ("Pick Six Newsletter ... Thanks for signing up!"), related
stories ("Also on rt.com"), "SEE MORE:" and "Read more:" links, share buttons, subscription promos,
and hover cards whose names and bios run into sentences. They are known by their markup: a class or
id that says what they are, or a paragraph that is a lead-in ("SEE MORE:") and a link. Only short
blocks go, so that a page whose whole article sits in a ``class="social-affairs"`` keeps it.
"""

from __future__ import annotations

import re
from itertools import islice

import lxml.etree
import lxml.html

# Class or id words of blocks that are never body text; matched at word boundaries of the name
# ("newsletter-signup", "share_tools", "relatedStories").
MARKED = re.compile(
    r"(?:^|[-_\s])(?:newsletter|subscri(?:be|ption)|sign-?up|share|sharing|social-?(?:share|links|tools)|"
    r"related|recommended|read-?more|see-?more|more-?stories|promo|advert|ad-?slot|paywall|outbrain|taboola|"
    r"hover-?card|tooltip|popover|(?:hover|rollover)[\w-]*?[-_](?:block|card|bio|popup|details))",
    re.IGNORECASE,
)
# A name linked inside a sentence is wrapped with its hover card ("rollover-people", "hovercard-trigger"):
# the wrapper stays, for the name, and the card inside it goes.
INLINE = {"span", "a", "em", "strong", "b", "i", "abbr"}
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# A paragraph that only sends the reader elsewhere: a lead-in, then (mostly) a link.
LEAD_IN = re.compile(
    r"\A\s*(?:SEE MORE|READ MORE|Read more|Read More|ALSO READ|Also read|Also on \S+|RELATED|Related|MORE|"
    r"WATCH|Watch|LISTEN|Listen)\b\s*[:|»›-]",
)
#: A marked block with more text than this is kept: a wrapper of the article, not a widget. So is one
#: with two paragraphs of body text (sentences of ``BODY_PARAGRAPH`` characters or more).
MAX_BLOCK = 1500
BODY_PARAGRAPH = 100
NEVER = {"html", "body", "article", "main"}


def prune(markup: str) -> str:
    """``markup`` without the blocks that are not the article; the markup as given when lxml cannot
    read it (trafilatura will say what it makes of it)."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return markup
    doomed = [element for element in root.iter() if isinstance(element.tag, str) and is_boilerplate(element)]
    if not doomed:
        return markup
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which belongs to the parent
    return lxml.html.tostring(root, encoding="unicode")


def is_boilerplate(element: lxml.html.HtmlElement) -> bool:
    if element.tag in NEVER:
        return False
    names = " ".join(CAMEL.sub("-", element.get(attribute) or "") for attribute in ("class", "id"))
    if names.strip() and MARKED.search(names):
        return len(element.text_content()) <= MAX_BLOCK and not links_a_name(element) and not holds_body(element)
    # The lead-in is read from the first strings alone: the text of every nested <div> would be quadratic.
    if element.tag in ("p", "li", "div", "h2", "h3", "h4") and LEAD_IN.match("".join(islice(element.itertext(), 4))):
        text = element.text_content()
        if len(text) <= 300:
            linked = sum(len(a.text_content()) for a in element.iter("a"))
            return linked >= 0.5 * len(text.split(":", 1)[-1].strip())
    return False


def links_a_name(element: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` is an inline wrapper whose first child is a link: a name in a sentence."""
    first = next((child for child in element if isinstance(child.tag, str)), None)
    return element.tag in INLINE and first is not None and first.tag == "a" and not (element.text or "").strip()


def holds_body(element: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` holds two paragraphs of sentences: a short article, not a widget."""
    long = (
        p for p in element.iter("p") if len(text := p.text_content().strip()) >= BODY_PARAGRAPH and text[-1] in '.!?”"'
    )
    return next(long, None) is not None and next(long, None) is not None
