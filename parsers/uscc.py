"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

18 characters from the alphabet 0-9 and A-Z without I, O, Z, S, V; the last one is a check
character. The check lets us repair OCR misreadings (9J read as 9|, 0 read as O).
"""

from __future__ import annotations

import itertools
import re

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# What OCR tends to print for each code character it misreads.
CONFUSABLE: dict[str, str] = {
    "O": "0", "o": "0", "Q": "0Q", "D": "D0", "I": "1", "l": "1L", "|": "1JL", "!": "1", "i": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "V": "UY", "v": "UY", "B": "B8", "G": "G6", "j": "J",
    "u": "U", "x": "X", "y": "Y", "k": "K", "c": "C", "w": "W", "p": "P", "t": "T", "m": "M", "n": "N",
}
CANDIDATE_RE = re.compile(r"[0-9A-Za-z|!]{18}")


def check_char(first17: str) -> str | None:
    """The check character for the first 17 characters, or None if one is not allowed."""
    try:
        total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    except ValueError:
        return None
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True for an 18-character code whose check character is right."""
    code = code.strip().upper()
    return len(code) == 18 and check_char(code[:17]) == code[17]


def repair(code: str, max_tries: int = 4096) -> str | None:
    """A valid code reachable by replacing OCR look-alikes, else None.

    Only characters outside the code alphabet (or in CONFUSABLE) are varied, and the first
    valid combination in reading order wins.
    """
    code = code.strip()
    if len(code) != 18:
        return None
    if is_valid(code):
        return code.upper()
    options: list[str] = []
    for ch in code:
        up = ch.upper()
        if ch in CONFUSABLE:
            alts = CONFUSABLE[ch]
            options.append("".join(dict.fromkeys((up if up in ALPHABET else "") + alts)))
        elif up in ALPHABET:
            options.append(up)
        else:
            return None
    for n, combo in enumerate(itertools.product(*options)):
        if n >= max_tries:
            break
        candidate = "".join(combo)
        if is_valid(candidate):
            return candidate
    return None
