"""The one rule for the office's line of a letterhead (kop), used by letters, registers and the Buku SOP.

A kop prints the government on its first line and the office on its second:
"PEMERINTAH KABUPATEN MAGETAN" over "DINAS SOSIAL". The office's registered
name usually repeats the region ("Dinas Sosial Kabupaten Magetan"), so the
second line drops it, but only when the government line is "Pemerintah
<region>" and the name ends with that same region (any case); any other name
is printed whole.
"""

from __future__ import annotations


def letterhead_name(name: str, government: str) -> str:
    """The office's line of the letterhead: "Dinas Sosial" under "Pemerintah Kabupaten Magetan"."""
    words = government.split()
    if len(words) > 1 and words[0].lower() == "pemerintah":
        region = " ".join(words[1:])
        if name.lower().endswith(" " + region.lower()):
            return name[: -len(region) - 1]
    return name
