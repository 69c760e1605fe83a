"""The actors of the pool: each loads the rules or the model once, in ``__init__``, and
then turns one shard (one dataset row) into its output lines and counts.

A worker writes no file: it returns the shard's lines to the driver, which alone
writes shards and the manifest. A task that dies (a killed process, a lost node) is
retried by Ray on a restarted actor and simply computes the same lines again.

``crash`` is a test hook (``$ANNINH_SCALE_CRASH`` = ``SHARD:MARKER``): the first actor
to reach that shard creates MARKER and kills its own process with SIGKILL, so a test
can watch Ray retry the shard.
"""
from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path
from typing import Any

from .inputs import Article, Shard, read_shard

CHUNK = 16  # articles per annotate_many call, as the single-process annotate groups files


def _maybe_crash(crash: str | None, shard: str) -> None:
    if not crash:
        return
    name, _, marker = crash.partition(":")
    if name == shard and marker and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)


def _rows(out: list[tuple[str, str, dict]]) -> dict[str, list[Any]]:
    """The batch Ray collects; each shard's stats name the worker process and its peak
    memory so far (the benchmark's memory per worker, read back from the manifest)."""
    import resource

    use = resource.getrusage(resource.RUSAGE_SELF)
    worker = {"pid": os.getpid(), "peak_rss_mb": round(use.ru_maxrss / 1024, 1),  # ru_maxrss is KiB on Linux
              "cpu_s": round(use.ru_utime + use.ru_stime, 2)}
    return {"shard": [o[0] for o in out], "payload": [o[1] for o in out],
            "stats": [json.dumps({**o[2], "worker": worker}, ensure_ascii=False) for o in out]}


class AnnotateWorker:
    """``anninh annotate``'s records: ``{"source", "entities"}`` per article (plus ``"id"``
    for a JSONL line), exactly as the single-process command writes them."""

    def __init__(self, model: str | None, hybrid: bool, batch_size: int, threads: int | None,
                 crash: str | None = None):
        from model.annotator import get_annotator

        self.ann = get_annotator(model, hybrid=hybrid, batch_size=batch_size, threads=threads)
        self.crash = crash

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out = []
        for shard, spec in zip(batch["shard"], batch["spec"]):
            shard = str(shard)
            _maybe_crash(self.crash, shard)
            docs, skipped = read_shard(Shard.items_of(str(spec)), "annotate")
            lines, n_ents = [], 0
            for c in range(0, len(docs), CHUNK):
                part = docs[c:c + CHUNK]
                for art, ents in zip(part, self.ann.annotate_many([a.text for a in part])):
                    rec: dict[str, Any] = {"source": art.item.source}
                    if art.item.line:
                        rec["id"] = art.doc_id
                    rec["entities"] = [e.to_dict() for e in ents]
                    lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
                    n_ents += len(ents)
            out.append((shard, "".join(lines), {"articles": len(docs), "chars": sum(len(a.text) for a in docs),
                                                "entities": n_ents, "skipped": skipped}))
        return _rows(out)


def _engine(config: str | None, functions: list[str] | None, aggregation: str | None):
    from model.rules import RuleEngine

    kwargs: dict[str, Any] = {}
    if functions:
        kwargs["functions"] = functions
    if aggregation:
        kwargs["aggregation"] = aggregation
    return RuleEngine(config=config, **kwargs)


def _documents(docs: list[Article]):
    from model.document import make_document

    return [make_document(a.text, a.doc_id) for a in docs]


class EvidenceWorker:
    """``anninh label``'s first pass: the names each shard's high-precision functions
    confirm (:meth:`CorpusGazetteer.evidence`), merged by the driver into one gazetteer."""

    def __init__(self, config: str | None, functions: list[str] | None, aggregation: str | None,
                 crash: str | None = None):
        self.engine = _engine(config, functions, aggregation)
        self.crash = crash

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from model.rules.lf_corpus import CorpusGazetteer

        out = []
        for shard, spec in zip(batch["shard"], batch["spec"]):
            shard = str(shard)
            _maybe_crash(self.crash, shard)
            docs, _ = read_shard(Shard.items_of(str(spec)), "label")
            labelled = ((d.doc_id, [(p.text, pl.votes) for p, pl in zip(d.paragraphs, self.engine.label_document(d))])
                        for d in _documents(docs))
            ev = CorpusGazetteer.evidence(labelled)
            payload = {k: {lab: sorted(ids) for lab, ids in by.items()} for k, by in ev.items()}
            out.append((shard, json.dumps(payload, ensure_ascii=False), {"articles": len(docs)}))
        return _rows(out)


class LabelWorker:
    """``anninh label``'s second pass: silver paragraphs (the lines of ``silver.jsonl``)
    and CoNLL (the blocks of ``silver.conll``) for each shard's articles."""

    def __init__(self, config: str | None, functions: list[str] | None, aggregation: str | None,
                 gazetteer: dict[str, list] | None, crash: str | None = None):
        self.engine = _engine(config, functions, aggregation)
        if gazetteer is not None:
            from model.rules.lf_corpus import CorpusGazetteer

            self.engine.corpus_gazetteer = CorpusGazetteer({k: (v[0], int(v[1])) for k, v in gazetteer.items()})
        self.crash = crash

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from model.labels import LABELS
        from train.corpus.conll import write_document

        out = []
        for shard, spec in zip(batch["shard"], batch["spec"]):
            shard = str(shard)
            _maybe_crash(self.crash, shard)
            docs, skipped = read_shard(Shard.items_of(str(spec)), "label")
            silver, conll = io.StringIO(), io.StringIO()
            by_label = dict.fromkeys(LABELS, 0)
            n_paras = n_tokens = 0
            without: list[str] = []
            for doc in _documents(docs):
                labels = self.engine.label_document(doc)
                n_doc = 0
                for para, pl in zip(doc.paragraphs, labels):
                    n_paras += 1
                    n_doc += len(pl.spans)
                    for _, _, lab in pl.spans:
                        by_label[lab] = by_label.get(lab, 0) + 1
                    rec = {"doc": doc.doc_id, "para": para.index, "text": para.text,
                           "entities": [list(s) for s in pl.spans]}
                    silver.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n_tokens += write_document(conll, doc.doc_id, doc.paragraphs, [pl.tags for pl in labels])
                if not n_doc:
                    without.append(doc.doc_id)
            stats = {"articles": len(docs), "chars": sum(len(a.text) for a in docs),
                     "entities": sum(by_label.values()), "entities_by_label": by_label, "paragraphs": n_paras,
                     "tokens": n_tokens, "docs": [a.doc_id for a in docs], "without_entities": without,
                     "skipped": skipped}
            out.append((shard, json.dumps({"silver": silver.getvalue(), "conll": conll.getvalue()},
                                          ensure_ascii=False), stats))
        return _rows(out)
