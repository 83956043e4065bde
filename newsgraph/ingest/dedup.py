"""Near-duplicate detection: MinHash signatures over word 5-shingles, banded for LSH.

Everything here is pure; the store keeps the signatures and band hashes and looks up
candidates by SQL.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
#: A pair exactly at the threshold must share at least one band with this probability.
CANDIDATE_RECALL = 0.99
#: Fixed so that stored signatures stay comparable across processes and versions.
_SEED = 1
_SCHEME = "affine32"
_DTYPE = np.dtype("<u4")
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """The word 5-shingles of the lowercased text (the whole text if it has fewer words)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str, num_perm: int) -> np.ndarray:
    """The MinHash signature of the text's shingles (``num_perm`` unsigned 32-bit values)."""
    minhash = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return minhash.hashvalues.astype(_DTYPE)


def pack(sig: np.ndarray) -> bytes:
    """The signature as bytes for storage."""
    return sig.astype(_DTYPE).tobytes()


def unpack(data: bytes) -> np.ndarray:
    """A signature stored with :func:`pack`."""
    return np.frombuffer(data, dtype=_DTYPE)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if a.shape != b.shape:
        raise ValueError(f"signatures differ in length: {a.shape[0]} and {b.shape[0]}")
    return float(np.count_nonzero(a == b)) / a.shape[0]


def band_rows(num_perm: int, threshold: float) -> int:
    """Rows per LSH band: the most that still makes a pair at ``threshold`` a candidate
    with probability ``CANDIDATE_RECALL``; more rows mean fewer false candidates."""
    best = 1
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= CANDIDATE_RECALL:
            best = rows
    return best


def bands(sig: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """``(band index, band hash)`` pairs; two signatures sharing one are candidates.

    The hash is a signed 64-bit integer so that it fits a BIGINT column. A text without
    words has no shingles and no bands: it is nobody's near-duplicate.
    """
    if MinHash(seed=_SEED, hashvalues=sig, scheme=_SCHEME).is_empty():
        return []
    rows = band_rows(sig.shape[0], threshold)
    return [(index, _hash(sig[index * rows : (index + 1) * rows])) for index in range(sig.shape[0] // rows)]


def _hash(chunk: np.ndarray) -> int:
    digest = hashlib.blake2b(pack(chunk), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)
