"""The dashboard (`liushou dashboard`): a static site of the school, its teachers and its
children, made from the rows the reports make (duties/rows.py, reports/terms.py,
views/card.py...), never from a second computation of them; rendered with Jinja2 templates
(escaped by default) under templates/, charts drawn as inline SVG. Pure: it hands back each
page's bytes, and store/sitefolder.py writes them."""
