"""Every declared transition of every state machine has a caller outside the tests: a view, task or
mutation either offers the machine's available transitions (`MACHINE.available(` in a page's code)
or names the transition in a call. A transition only tests reach fails here (issue 13: nothing
opened or closed a meeting)."""

import ast
import importlib
import pkgutil
from pathlib import Path

import yishi
from yishi.workflows.core.statemachine import StateMachine

ROOT = Path(yishi.__file__).parent


def machines() -> dict[str, tuple[StateMachine, Path]]:
    found = {}
    for module in pkgutil.walk_packages([str(ROOT / "workflows")], "yishi.workflows."):
        if module.name.endswith(".models"):
            loaded = importlib.import_module(module.name)
            for name, value in vars(loaded).items():
                if isinstance(value, StateMachine):
                    found[name] = (value, Path(loaded.__file__))
    return found


def sources() -> dict[Path, str]:
    return {path: path.read_text() for path in ROOT.rglob("*.py") if "migrations" not in path.parts}


def string_constants(text: str) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Constant)
            and isinstance(node.value, str)}


def test_every_declared_transition_has_a_caller():
    code = sources()
    found = machines()
    assert {"MEETING_STATES", "TOPIC_STATES", "AGENDA_STATES", "LEAVE_STATES", "MINUTES_STATES"} <= set(found)
    missing = []
    for name, (machine, declared_in) in found.items():
        others = {path: text for path, text in code.items() if path != declared_in}
        if any(f"{name}.available(" in text for text in others.values()):
            continue  # a page offers every transition available to the user's roles
        named = set().union(*(string_constants(text) for text in others.values()))
        missing += [f"{name}.{t.name}" for t in machine.transitions if t.name not in named]
    assert missing == []
