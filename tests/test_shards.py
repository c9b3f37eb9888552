"""Shards across machines (issue 17): ``--shard auto`` from the engines' variables, two shards writing into
one folder at the same moment, and ``handouts merge``.

The recipes in ``deploy/`` are run by simulation in ``test_deploy_recipes.py``; the bad values of
``--shard`` and the merge's refusals that fit one command are named cases in ``tests/cases/``.
"""

from __future__ import annotations

import pytest

from handouts.batch.shards import parse_shard
from handouts.errors import HandoutsError


# -- --shard auto ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "environ", "expected"), [
    ("2/4", {}, (2, 4)),
    ("2/4", {"CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"}, (2, 4)),  # written out, the variables are not read
    ("auto", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, (1, 4)),  # GitLab CI: 1-based
    ("auto", {"CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "4"}, (4, 4)),
    ("auto/4", {"CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "4"}, (4, 4)),
    ("auto", {"CI_NODE_TOTAL": "1"}, (1, 1)),  # a GitLab job without parallel:
    ("auto/4", {"JOB_COMPLETION_INDEX": "0"}, (1, 4)),  # Kubernetes: 0-based
    ("auto/4", {"JOB_COMPLETION_INDEX": "3"}, (4, 4)),
    ("auto/4", {"JOB_COMPLETION_INDEX": " 2 ", "CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "4"}, (3, 4)),  # agree
    ("auto", {"CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "4", "JOB_COMPLETION_INDEX": ""}, (2, 4)),  # empty: unset
])
def test_shard_from_the_engines_variables(text, environ, expected):
    assert parse_shard(text, environ) == expected


@pytest.mark.parametrize(("text", "environ", "names"), [
    ("auto", {}, ["JOB_COMPLETION_INDEX", "CI_NODE_INDEX", "CI_NODE_TOTAL", "GitHub Actions"]),
    ("auto", {"CI_NODE_INDEX": "1.5", "CI_NODE_TOTAL": "4"}, ["CI_NODE_INDEX is '1.5', not a whole number"]),
    ("auto", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "four"}, ["CI_NODE_TOTAL is 'four'"]),
    ("auto", {"CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "4"}, ["CI_NODE_INDEX is 0", "1 to 4"]),
    ("auto", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "0"}, ["CI_NODE_TOTAL is 0"]),
    ("auto", {"CI_NODE_TOTAL": "4"}, ["CI_NODE_INDEX is not set"]),
    ("auto", {"JOB_COMPLETION_INDEX": "1"}, ["Kubernetes gives no shard count", "auto/4"]),
    ("auto/2", {"JOB_COMPLETION_INDEX": "2"}, ["JOB_COMPLETION_INDEX is 2", "0 to 1"]),
    ("auto/4", {"JOB_COMPLETION_INDEX": "1", "CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"},
     ["disagree", "GitLab CI says 1/4", "Kubernetes says 2/4"]),
    ("auto/3", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, ["auto/3 but CI_NODE_TOTAL is 4"]),
    ("auto/x", {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, ["expected auto/N"]),
    ("auto/100001", {"JOB_COMPLETION_INDEX": "1"}, ["expected auto/N"]),
    ("auto", {"CI_NODE_INDEX": "9" * 40, "CI_NODE_TOTAL": "4"}, ["not a whole number"]),
    ("1/0", {}, ["expected K/N"]), ("-1/4", {}, ["expected K/N"]), ("1/2/3", {}, ["expected K/N"]),
    ("１/２", {}, ["expected K/N"]),  # digits of another script are not read as numbers
])
def test_a_bad_shard_is_one_problem_naming_the_variable(text, environ, names):
    with pytest.raises(HandoutsError) as caught:
        parse_shard(text, environ)
    [problem] = caught.value.problems
    assert problem.field == "shard" and "\n" not in problem.message and len(problem.message) < 300
    for name in names:
        assert name in problem.message
