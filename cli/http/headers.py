"""A download's file name in its Content-Disposition header, as RFC 6266 and RFC 5987 say.

Headers are Latin-1 on the wire: a name in another script (or with a `"` or `\\`) goes in
`filename*` as UTF-8, percent-encoded, with a plain ASCII stand-in in `filename`.
"""

from __future__ import annotations

import re
from urllib.parse import quote


def attachment(name: str) -> str:
    """The Content-Disposition value that downloads a file called `name`."""
    plain = re.sub(r'[^A-Za-z0-9._ -]', "_", name)  # the stand-in for old browsers: ASCII, no quote or backslash
    if plain == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
