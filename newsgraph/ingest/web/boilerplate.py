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

import lxml.etree
import lxml.html

# Class or id words of blocks that are never body text; matched at word boundaries of the name
# ("newsletter-signup", "share_tools", "relatedStories").
MARKED = re.compile(
    r"(?:^|[-_\s])(?:newsletter|subscri(?:be|ption)|sign-?up|share|sharing|social-?(?:share|links|tools)|"
    r"related|recommended|read-?more|see-?more|more-?stories|promo|advert|ad-?slot|hover-?card|tooltip|"
    r"popover|paywall|outbrain|taboola)",
    re.IGNORECASE,
)
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# A paragraph that only sends the reader elsewhere: a lead-in, then (mostly) a link.
LEAD_IN = re.compile(
    r"\A\s*(?:SEE MORE|READ MORE|Read more|Read More|ALSO READ|Also read|Also on \S+|RELATED|Related|MORE|"
    r"WATCH|Watch|LISTEN|Listen)\b\s*[:|»›-]",
)
#: A marked block with more text than this is kept: a wrapper of the article, not a widget.
MAX_BLOCK = 1500
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
        return len(element.text_content()) <= MAX_BLOCK
    if element.tag in ("p", "li", "div", "h2", "h3", "h4"):
        text = element.text_content()
        if len(text) <= 300 and LEAD_IN.match(text):
            linked = sum(len(a.text_content()) for a in element.iter("a"))
            return linked >= 0.5 * len(text.split(":", 1)[-1].strip())
    return False
