"""Label Studio: tasks and labelling config out, JSON export back in as gold.

One task is one paragraph: ``data`` holds ``text``, ``doc`` and ``para``, so an export
maps back to the gold key without guessing. A system's spans travel as ``predictions``
(pre-annotations with per-region scores and a ``model_version``); a gold file's own spans
travel as ``annotations``, so reviewing gold starts from the gold and an untouched
paragraph comes back byte for byte.

Offsets are Python code points, which is what Label Studio stores and exports for tasks
created through its API. Its browser labelling has counted UTF-16 units after emoji in
some versions; :mod:`.spans` catches that from the region's recorded text.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TypeAlias
from xml.sax.saxutils import quoteattr

from model.labels import LABELS

from .items import ReviewItem, ScoredSpan
from .spans import Problems, Region, ReviewImportError, accept_paragraph, check_spans, finish_import

if TYPE_CHECKING:
    from train.corpus.gold import GoldParagraph

# what an import returns: the gold paragraphs, warnings (and errors) seen, and counts
ImportResult: TypeAlias = "tuple[list[GoldParagraph], Problems, dict[str, int]]"

FROM_NAME = "label"
TO_NAME = "text"
COLORS = {"AGENCY": "#1f77b4", "RANK": "#ff7f0e", "PERSON": "#2ca02c", "LOCATION": "#d62728"}
HOTKEYS = {"AGENCY": "a", "RANK": "r", "PERSON": "p", "LOCATION": "l"}


def label_config() -> str:
    """The project's labelling config: our four labels over the paragraph text, with the
    document and paragraph shown above it so a reviewer can find the article."""
    labels = "\n".join(
        f"    <Label value={quoteattr(lab)} background={quoteattr(COLORS[lab])}/>"
        for lab in LABELS
    )
    return (
        "<View>\n"
        '  <Header value="$doc, paragraph $para"/>\n'
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="$text"/>\n'
        "</View>\n"
    )


def _regions(text: str, spans: Sequence[tuple], prefix: str) -> list[dict[str, Any]]:
    out = []
    for k, sp in enumerate(spans):
        s, e, lab = sp[0], sp[1], sp[2]
        reg: dict[str, Any] = {
            "id": f"{prefix}{k}",
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": [lab]},
        }
        if len(sp) > 3:
            reg["score"] = round(float(sp[3]), 4)
        out.append(reg)
    return out


def prediction(text: str, name: str, spans: Sequence[ScoredSpan], index: int) -> dict[str, Any]:
    """A Label Studio prediction; its ``score`` is the weakest region's (1.0 with no
    region), so sorting tasks by prediction score in Label Studio puts doubtful ones first."""
    return {
        "model_version": name,
        "score": round(min((float(sp[3]) for sp in spans), default=1.0), 4),
        "result": _regions(text, spans, f"p{index}_"),
    }


def to_tasks(items: Sequence[ReviewItem], systems: Sequence[str]) -> list[dict[str, Any]]:
    """Label Studio import JSON: one task per item, predictions of ``systems`` in order."""
    tasks = []
    for it in items:
        task: dict[str, Any] = {"data": {"text": it.text, "doc": it.doc, "para": it.para}}
        preds = [prediction(it.text, name, it.predictions[name], i) for i, name in enumerate(systems)
                 if name in it.predictions]
        if preds:
            task["predictions"] = preds
        if it.gold is not None:
            task["annotations"] = [{"result": _regions(it.text, it.gold, "g"), "ground_truth": True}]
        if it.select_score is not None:
            task["meta"] = {"select_score": it.select_score}
        tasks.append(task)
    return tasks


def dumps(tasks: list[dict[str, Any]]) -> str:
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------------ import

def _task_ref(task: dict, index: int) -> str:
    tid = task.get("id")
    ref = f"task {tid}" if tid is not None else f"task #{index + 1} (no id)"
    data = task.get("data")
    if isinstance(data, dict) and "doc" in data:
        ref += f" (doc {data.get('doc')!r}, para {data.get('para')})"
    return ref


def _latest_annotation(task: dict) -> dict | None:
    """The annotation to keep: not cancelled, most recently updated (then highest id)."""
    anns = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not anns:
        return None
    return max(anns, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), a.get("id") or 0))


def _is_json_min(data: list) -> bool:
    return bool(data) and all(isinstance(t, dict) and "data" not in t and "annotations" not in t and "text" in t
                              for t in data)


def from_json_min(data: list[dict]) -> list[dict]:
    """Label Studio's JSON-MIN export (one flat row per annotation: ``text``, ``doc``,
    ``para``, our ``label`` regions, ``annotation_id``) in the full JSON export's shape, so
    both go through the same checks. Rows of one task become one task's annotations."""
    tasks: dict[Any, dict] = {}
    for i, row in enumerate(data):
        tid = row.get("id", f"row{i + 1}")
        task = tasks.setdefault(tid, {"id": row.get("id"), "annotations": [],
                                      "data": {k: row[k] for k in ("text", "doc", "para") if k in row}})
        regions = row.get(FROM_NAME) or []
        task["annotations"].append({
            "id": row.get("annotation_id"), "updated_at": row.get("updated_at"), "created_at": row.get("created_at"),
            "result": [{"type": "labels", "value": r} for r in regions] if isinstance(regions, list) else regions,
        })
    return list(tasks.values())


def parse_export(data: Any, source: str = "export", *, utf16: bool = False,
                 skip_unlabelled: bool = False) -> ImportResult:
    """Gold paragraphs from a Label Studio JSON export (a list of tasks; JSON-MIN works too).

    Returns ``(paragraphs, problems, stats)``. Raises :class:`ReviewImportError` listing
    every bad task when any task is bad: a task without text, a label outside our four, an
    overlap, offsets that do not select the recorded text, two tasks for one paragraph.
    Tasks nobody annotated (Label Studio lists them with ``download_all_tasks=true``) are
    counted and left out.

    An annotation whose ``result`` is null or missing is not 'no entities' (that is an
    empty list): it is an error naming the task, since importing it would silently turn
    lost gold into a paragraph without entities. ``skip_unlabelled`` leaves such tasks
    out instead, with a warning each, counted in ``stats["unlabelled"]``.
    """
    from train.corpus.gold import GoldParagraph

    if not isinstance(data, list):
        raise ReviewImportError(source, [f"expected a JSON list of tasks (Label Studio's JSON export), "
                                         f"got {type(data).__name__}"])
    if _is_json_min(data):
        data = from_json_min(data)
    problems = Problems()
    out: list[GoldParagraph] = []
    seen: dict[tuple[str, int], str] = {}
    stats = {"tasks": len(data), "annotated": 0, "unannotated": 0, "entities": 0}
    for i, task in enumerate(data):
        if not isinstance(task, dict):
            problems.errors.append(f"task #{i + 1}: expected an object, got {type(task).__name__}")
            continue
        ref = _task_ref(task, i)
        d = task.get("data")
        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            problems.errors.append(f"{ref}: no text (expected data.text to be a string, as the exported tasks have)")
            continue
        text = d["text"]
        ann = _latest_annotation(task)
        if ann is None:
            stats["unannotated"] += 1
            continue
        n_live = sum(1 for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled"))
        if n_live > 1:
            problems.warnings.append(f"{ref}: {n_live} annotations; kept the latest (annotation {ann.get('id')})")
        doc, para = d.get("doc"), d.get("para")
        if isinstance(para, str) and para.strip().isdigit():
            para = int(para)
        if doc is None and para is None:
            doc, para = f"labelstudio-task-{task.get('id', i + 1)}", 0
            problems.warnings.append(f"{ref}: no doc/para in data; stored as doc {doc!r}, para 0")
        if not isinstance(doc, str) or not isinstance(para, int) or isinstance(para, bool):
            problems.errors.append(f"{ref}: data.doc must be a string and data.para an integer, got {doc!r}, {para!r}")
            continue
        if ann.get("result") is None:
            what = "null" if "result" in ann else "missing"
            msg = (f"{ref}: annotation {ann.get('id')} has no result list ({what}), so its spans are unknown")
            if skip_unlabelled:
                problems.warnings.append(f"{msg}; left out (--skip-unlabelled)")
                stats["unlabelled"] = stats.get("unlabelled", 0) + 1
            else:
                problems.errors.append(f"{msg}: re-export it from Label Studio, or pass --skip-unlabelled "
                                       "to leave such tasks out")
            continue
        regions = []
        bad = False
        for k, res in enumerate(ann["result"]):
            rref = (f"annotation {ann['id']}, " if ann.get("id") is not None else "") + \
                f"region {res.get('id', k) if isinstance(res, dict) else k}"
            if not isinstance(res, dict) or not isinstance(res.get("value"), dict):
                problems.errors.append(f"{ref}: {rref}: not a region object with a value")
                bad = True
                continue
            if res.get("type") != "labels" or "labels" not in res["value"]:
                problems.warnings.append(f"{ref}: {rref}: {res.get('type')!r} result ignored (only span labels are read)")
                continue
            v = res["value"]
            labels = v.get("labels")
            if not isinstance(labels, list) or len(labels) != 1:
                problems.errors.append(f"{ref}: {rref}: needs exactly one label, got {labels!r}")
                bad = True
                continue
            regions.append(Region(v.get("start"), v.get("end"), labels[0], v.get("text"), rref))
        n_err = len(problems.errors)
        spans = check_spans(ref, text, regions, problems, utf16=utf16)
        if bad or len(problems.errors) > n_err:
            continue
        accept_paragraph(ref, doc, para, text, spans, seen=seen, out=out, stats=stats, problems=problems)
    return finish_import(source, out, problems, stats)


def load_export(path: str | Path, *, utf16: bool = False, skip_unlabelled: bool = False) -> ImportResult:
    """:func:`parse_export` on a file; a file that is not JSON is a :class:`ReviewImportError`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise FileNotFoundError(f"export file {path} does not exist") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReviewImportError(str(path), [f"not a JSON file ({exc})"]) from None
    return parse_export(data, str(path), utf16=utf16, skip_unlabelled=skip_unlabelled)
