"""The fast constructors of rule results make exactly what ``Result(...)`` makes, and the engine's shared indices
answer as the plain queries do."""

from __future__ import annotations

import dataclasses

from pia_toolkit.catalog.rules import Outcome, Result, not_applicable, satisfied, unknown, violated
from pia_toolkit.catalog.rules.facts import NodeRef


def test_satisfied_and_not_applicable_equal_the_dataclass() -> None:
    assert satisfied("a", "b") == Result(Outcome.satisfied, ("a", "b"))
    assert not_applicable("a") == Result(Outcome.not_applicable, ("a",))


def test_violated_and_unknown_equal_the_dataclass() -> None:
    made = violated(
        ["f1"], "unencrypted", data=["d1"], path=["a", "b"], path_flows=["f1"], detail="x", node=NodeRef("a")
    )
    assert made == Result(
        Outcome.violated, ("f1",), "unencrypted", {"node": NodeRef("a")}, ("d1",), ("a", "b"), ("f1",), "x"
    )
    assert unknown(["n"], "asked") == Result(Outcome.unknown, ("n",), "asked")


def test_every_field_is_set_and_the_result_stays_frozen() -> None:
    made = satisfied("a")
    assert set(vars(made)) == {field.name for field in dataclasses.fields(Result)}
    try:
        made.outcome = Outcome.violated  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a rule result must stay read-only")
