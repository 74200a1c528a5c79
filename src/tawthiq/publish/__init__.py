"""Published outputs made from a redacted PublicSet: the PDF reports, the static site, the open data."""
