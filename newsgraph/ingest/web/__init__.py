"""Articles from the web: pages, RSS and Atom feeds and sitemaps, fetched politely.

``fetch`` makes the requests (robots.txt, one request per host at a time at a set rate, retries with
backoff, size and redirect limits), ``charset`` decodes what comes back, ``feeds`` and ``sitemaps``
list the articles they link, ``ledger`` keeps in the store what was fetched (validators for a
conditional GET, and the original HTML, compressed), ``source`` turns URLs into ``Article`` records
as the file readers do, and ``watch`` polls feeds.
"""
