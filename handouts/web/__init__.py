"""``handouts serve``: a web page where front-desk staff make leaflets, served from a PC in the clinic.

    serve.py     options checked (loopback, or a password), workers started, waitress serving the app
    app.py       the Flask app: routes, error pages (the form's contract is in forms.py)
    forms.py     posted fields -> raw request fields; problems -> messages beside the fields
    security.py  headers (CSP with a nonce, nosniff, frame denial, no-store), host and password checks,
                 in-memory uploads, an access log without values
    pool.py      worker processes: bounded concurrency and a render time limit
    tasks.py     what the workers run: the request boundary, rendering, preview PNGs (pypdfium2)
    site.py      what the form offers (audiences, languages, layouts, clinics), read once from a worker
    batch.py     CSV upload: per-row report, zip with index.json
    words.py     the page's own words (words/en.yaml, words/es.yaml)

Flask (and Werkzeug, Jinja2, Flask-WTF) are imported only by ``handouts serve``.
"""
