"""The number type the learned models' heavy layers run in.

bfloat16 (Kalamkar et al. 2019) keeps float32's range with 8 bits of mantissa; on a CPU with AMX
tiles (Intel since Sapphire Rapids) its matrix products run in hardware at several times float32's
speed, elsewhere they would be emulated and slower. So ``auto`` picks bfloat16 only where AMX is.
What it changes is measured in the README (throughput, and the accuracy figures with each type).
"""

from __future__ import annotations

import torch

PRECISIONS = ("auto", "float32", "bfloat16")


def resolved_precision(precision: str) -> str:
    """``float32`` or ``bfloat16`` for a setting of ``auto``, ``float32`` or ``bfloat16``."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision != "auto":
        return precision
    return "bfloat16" if torch.cpu._is_amx_tile_supported() else "float32"


def dtype(precision: str) -> torch.dtype:
    """The torch type of a resolved precision."""
    return getattr(torch, precision)
