"""Which device a run trains on, refused before any work when the config asks for what
this machine cannot give (CUDA without a GPU, fp16/bf16 on the CPU)."""
from __future__ import annotations

from .config import Config
from .errors import TrainError


def check_device(cfg: Config) -> str:
    """'cpu' or 'cuda' for this run, or a TrainError naming the key to change.

    Pretraining asks the same of its config (``training.device``, ``training.precision``)."""
    import torch

    t = cfg.training
    has_cuda = torch.cuda.is_available()
    if t.device == "cuda" and not has_cuda:
        build = f"CUDA {torch.version.cuda}" if torch.version.cuda else "a CPU-only build"
        raise TrainError(
            f"training.device is 'cuda' but no CUDA GPU is visible (torch {torch.__version__}, {build}). "
            "Train on the CPU with --set training.device=cpu (or auto), or run on a machine with a GPU."
        )
    device = "cuda" if (has_cuda and t.device != "cpu") else "cpu"
    if t.precision == "fp16" and device != "cuda":
        raise TrainError("training.precision is 'fp16', which needs a CUDA GPU; this run is on the CPU: use --set training.precision=fp32")
    if t.precision == "bf16" and (device != "cuda" or not torch.cuda.is_bf16_supported()):
        where = "the CPU" if device != "cuda" else "a GPU without bf16 support"
        raise TrainError(f"training.precision is 'bf16' but this run is on {where}: use --set training.precision=fp32 (or fp16 on a GPU)")
    return device
