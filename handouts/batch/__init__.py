"""``handouts batch``: a manifest read and checked row by row (``manifest.py``), then built in
worker processes with an ``index.json`` (``run.py``)."""
