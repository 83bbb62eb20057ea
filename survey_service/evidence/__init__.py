"""Appraisal evidence that travels: a sentence to paste into e-Kinerja, a
one-page evidence sheet, and a public page that verifies both against the
frozen snapshot. Its views, service, PDF and templates."""
