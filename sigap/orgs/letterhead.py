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


def logo_data_uri(logo) -> str:
    """The letterhead's logo (an ImageField's file) as a data: URL, read through the file storage: a logo kept on
    an object store has no path on this machine, and a PDF renderer given data: URLs only fetches nothing.
    Empty when there is no logo or it does not open as an image."""
    import base64
    import io

    from PIL import Image

    if not logo:
        return ""
    try:
        with logo.storage.open(logo.name, "rb") as handle:
            data = handle.read()
        with Image.open(io.BytesIO(data)) as image:
            mime = Image.MIME.get(image.format or "")
    except OSError:  # missing, unreadable, or not an image (PIL's UnidentifiedImageError)
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode()}" if mime else ""
