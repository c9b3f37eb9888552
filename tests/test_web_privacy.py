"""After the other web tests (this file runs after test_web_browser.py and test_web_http.py): the server's output
holds none of the names and notes they typed.

The shared server (conftest.py, ``web_server``) records every patient name,
clinician and note the tests send (tests/webserver.py); the browser tests add
what they type. The same check runs again when the server stops at the end of
the session, whatever ran.
"""

from __future__ import annotations

from webserver import leaks

NAMES = ("O'Brien & <b>", "Drink water & stretch <i>daily</i>.", "Dra. Nguyễn", "王小明 Keepme")
"""What test_web_browser.py types, in case only this module runs after it."""


def test_the_server_log_holds_none_of_the_typed_names(web_server):
    output = web_server.output()
    assert "GET / 200" in output  # the access log is written...
    typed = set(web_server.typed) | set(NAMES)
    assert len(typed) >= 4
    assert leaks(output, typed) == []  # ...and holds none of what was typed
    requests = [line.split() for line in output.splitlines() if " POST " in line or " GET " in line]
    assert requests and not any("?" in fields[4] for fields in requests)  # no query strings either
