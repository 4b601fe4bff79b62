"""Printed pages: the contact card (联系卡) and the record forms a teacher fills in by hand
on a home visit or a talk, as HTML with print CSS (A4, one child a page), from Jinja2
templates shipped in `templates/` (escaped by default). `liushou print` (cli/printforms.py)
writes them, and turns them into PDF through a headless Chromium (cli/pdf.py)."""
