"""Convert a PhoBERT folder's pickled ``pytorch_model.bin`` to ``model.safetensors``, once.

anninh-ner loads weights from safetensors only. The published PhoBERT checkpoints may ship
a pickle; run this once, deliberately, on a folder you trust:

    python scripts/convert_to_safetensors.py /path/to/phobert-base

The pickle is read with ``torch.load(weights_only=True)`` (tensors only, no code), tied or
shared tensors are cloned so safetensors can store them, and the original file is kept.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def convert(folder: Path) -> Path:
    import torch
    from safetensors.torch import save_file

    src = folder / "pytorch_model.bin"
    dst = folder / "model.safetensors"
    if not src.is_file():
        raise SystemExit(f"{src} not found: nothing to convert")
    if dst.exists():
        raise SystemExit(f"{dst} already exists: nothing to do")
    state = torch.load(src, map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise SystemExit(f"{src} is not a state dict of tensors")
    tensors = {k: v.detach().clone().contiguous() for k, v in state.items() if hasattr(v, "detach")}
    # Written beside and renamed: an interrupted conversion must not leave a truncated
    # model.safetensors that the "already exists" check above would then keep forever.
    tmp = dst.with_name(f".{dst.name}.tmp")
    try:
        save_file(tensors, str(tmp), metadata={"format": "pt"})
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return dst


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/convert_to_safetensors.py PHOBERT_DIR")
    print(f"wrote {convert(Path(sys.argv[1]))}")
