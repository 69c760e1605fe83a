"""The shape of model/rules itself: functions that read in one screen, and no module that
reaches into another's private helpers (shared shapes live in model/rules/shapes.py)."""
from __future__ import annotations

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "model" / "rules"
MAX_LINES = 60


def long_functions(root: Path, limit: int) -> list[str]:
    """``module:function (lines)`` for every function or method longer than ``limit`` lines."""
    out = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > limit:
                    out.append(f"{path.name}:{node.name} ({n})")
    return out


def private_imports(root: Path) -> list[str]:
    """``module: name from other`` for every private name one rule module imports from another."""
    out = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                out += [f"{path.name}: {a.name} from {node.module}" for a in node.names
                        if a.name.startswith("_") and not a.name.startswith("__")]
    return out


def test_no_function_in_model_rules_is_over_60_lines():
    assert long_functions(RULES, MAX_LINES) == []


def test_no_rule_module_imports_another_modules_private_helper():
    assert private_imports(RULES) == []


def test_the_checks_see_what_they_look_for(tmp_path):
    (tmp_path / "a.py").write_text("from .b import _hidden, shown\n\ndef f():\n" + "    x = 1\n" * 61)
    assert long_functions(tmp_path, MAX_LINES) == ["a.py:f (62)"]
    assert private_imports(tmp_path) == ["a.py: _hidden from b"]
