"""Stage 3, render the template: the Jinja2 environment (``templating.py``), the template context
(``context.py``), the leaflet markup the PDF templates write (``markup.py``) and the HTML twin
(``html.py``)."""
