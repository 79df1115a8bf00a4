"""Printing HTML to PDF with headless Chromium: the one place the program runs a browser (kept at the edge).

Chromium prints the very HTML a browser shows, print stylesheet and `@page` size included, with
no further Python dependency; the browser tests already need it.  The workshop's handout and
`render --slides -f pdf` both print through here.  Without Chromium the caller gets one line
saying how to install it, and nothing is written.

`Printer` starts Chromium at once and speaks the DevTools protocol to it over a pair of pipes
(`--remote-debugging-pipe`: no port, nothing fetched), so a caller can start it before it
computes the page: Chromium's start-up (most of a print's time) then runs beside the caller's
work instead of after it.  It starts with no window (`--no-startup-window`), without the address
bar's pop-up pages, and as one process (see FLAGS); each page is handed over in memory (no file,
no navigation) to one tab kept for every print.
A print asks for what `chromium --print-to-pdf --no-pdf-header-footer` prints (the page's own
`@page` size, backgrounds, no header or footer): the same PDF, page for page.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.files import atomic_write
from scenarios.engine.text.i18n import _

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
SECONDS = 120  # a print may take this long
SHARED_MEMORY, ROOM = "/dev/shm", 512 << 20  # the profile is put there if it has this much room (see scratch)
# --single-process --no-zygote: the renderer, GPU, network and print compositor run as threads of the browser
# process, not as eight processes forked by two zygotes (each loading and setting up Chromium again): with the page
# handed over in memory and the profile in memory, a print is about 0.5 s of CPU, was 0.9-1.0 s; the pages the
# same. The address bar's pop-ups (WebUI pages, each window preloads them) had a renderer of their own, about
# 0.3-0.6 s of CPU for a page never shown; a Chromium that has no such feature ignores the names.
FLAGS = ("--headless", "--no-sandbox", "--single-process", "--no-zygote", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup")
# what `--print-to-pdf --no-pdf-header-footer` asks for (Page.printToPDF's defaults otherwise: tagged, no outline)
REMAP = ("import os, sys; a, b = map(int, sys.argv[1:3]); os.dup2(a, 3); os.dup2(b, 4); os.close(a); os.close(b); "
         "os.execv(sys.argv[3], sys.argv[3:])")  # the child: the pipe's ends on fds 3 and 4, then Chromium
PRINT = {"displayHeaderFooter": False, "preferCSSPageSize": True, "printBackground": True}
# the page is printed once it has loaded and its fonts are ready (what --print-to-pdf waits for)
READY = ("Promise.all([document.fonts.ready, new Promise(done => document.readyState === 'complete' ? done() : "
         "addEventListener('load', () => done(), {once: true}))]).then(() => true)")


def chromium() -> str:
    """The Chromium program to print with; RuntimeFailure (one line: how to install it) when there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeFailure(_("PDF needs Chromium (Debian/Ubuntu: sudo apt-get install chromium); "
                           "write HTML or SVG instead and print it from any browser"))


def scratch() -> str | None:
    """Where Chromium's throwaway profile goes: a folder in memory (Linux's /dev/shm) when there is one with room
    to spare, else the system's temporary folder (None). Chromium writes some 180 files there at each start:
    on a disk's file system, making them cost about 0.08 s of CPU a print (0.59 → 0.51 s)."""
    try:
        room = os.statvfs(SHARED_MEMORY)
    except OSError:
        return None
    if room.f_bavail * room.f_frsize < ROOM or not os.access(SHARED_MEMORY, os.W_OK | os.X_OK):
        return None  # a small one (a container's 64 MB) is left to Chromium's own shared memory
    return SHARED_MEMORY


def _failed(reason: object) -> RuntimeFailure:
    return RuntimeFailure(_("Chromium could not print the PDF ({reason})").format(reason=reason))


class Printer:
    """Headless Chromium, started when made, printing pages on request: `with Printer() as p: p.pdf(html)`.

    Its profile lives in a temporary folder (in memory when it can, see `scratch`) removed on close;
    closing stops Chromium (it is never left running after the `with`).
    """

    def __init__(self) -> None:
        browser = chromium()
        self._folder = tempfile.TemporaryDirectory(dir=scratch())
        ours_in, theirs_in = os.pipe()  # Chromium reads the commands on its fd 3 ...
        theirs_out, ours_out = os.pipe()  # ... and writes its answers on its fd 4
        self._to, self._from = theirs_in, theirs_out
        self._buffer = b""
        self._unread: list[dict[str, Any]] = []  # messages that came while another was awaited
        self._count = 0
        self._pending: set[int] = set()  # commands sent whose answers are to be read later
        self._making: int | None = None  # the command that makes the tab that prints, sent once Chromium is started
        self._tab: str | None = None  # the DevTools session of the one tab that prints, once it is made ...
        self._frame = ""  # ... and its page's frame

        # Chromium looks for the pipe on its fds 3 and 4: a short Python puts them there and becomes Chromium (no
        # preexec_fn, which is unsafe in a process with threads, such as a notebook's; a POSIX shell only names fds
        # 0-9). Each end is first moved to 10 or above, so neither is already 3 or 4 when the other is put there.
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (ours_in, ours_out)]
        os.close(ours_in)
        os.close(ours_out)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", REMAP, *map(str, high), browser, *FLAGS,
                 f"--user-data-dir={self._folder.name}/profile", "--remote-debugging-pipe", "--no-startup-window"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=tuple(high))
        except OSError as exc:
            self._close_pipes()
            self._folder.cleanup()
            raise _failed(exc) from None
        finally:
            for fd in high:
                os.close(fd)
        # Chromium makes the tab that prints as soon as it is ready, while the caller computes the page
        with contextlib.suppress(OSError):  # Chromium stopped already: the first print says so
            self._making = self._send("Target.createTarget", {"url": "about:blank"})

    @property
    def running(self) -> bool:
        """Chromium is still running (it is until `close`)."""
        return self._process.poll() is None

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def pdf(self, html_text: str) -> bytes:
        """The PDF of `html_text` (a self-contained page: nothing is fetched)."""
        deadline = time.monotonic() + SECONDS
        try:
            tab = self._page(deadline)
            self._ask("Page.setDocumentContent", {"frameId": self._frame, "html": html_text}, session=tab,
                      deadline=deadline)
            self._ask("Runtime.evaluate", {"expression": READY, "awaitPromise": True}, session=tab,
                      deadline=deadline)
            data = self._ask("Page.printToPDF", PRINT, session=tab, deadline=deadline)["data"]
        except (OSError, ValueError, KeyError, TimeoutError) as exc:
            raise _failed(str(exc) or type(exc).__name__) from None
        pdf = base64.b64decode(data)
        if not pdf:
            raise RuntimeFailure(_("Chromium did not write the PDF"))
        return pdf

    def _page(self, deadline: float) -> str:
        """The session of the tab that prints (an empty page, made at the first print and kept for the next)."""
        if self._tab is None:
            making, self._making = self._making, None  # its answer is read once (a failed print asks again)
            if making is None:
                making = self._send("Target.createTarget", {"url": "about:blank"})
            target = self._answer(making, "Target.createTarget", deadline)["targetId"]
            tab = self._ask("Target.attachToTarget", {"targetId": target, "flatten": True},
                            deadline=deadline)["sessionId"]
            self._frame = self._ask("Page.getFrameTree", session=tab, deadline=deadline)["frameTree"]["frame"]["id"]
            self._tab = tab
        return self._tab

    def close(self) -> None:
        """Stop Chromium and remove its folder."""
        if self.running:
            try:
                self._ask("Browser.close", deadline=time.monotonic() + 5)
                self._process.wait(5)
            except (OSError, ValueError, KeyError, TimeoutError, subprocess.TimeoutExpired, RuntimeFailure):
                self._process.kill()
                self._process.wait()
        self._close_pipes()
        self._folder.cleanup()

    def _close_pipes(self) -> None:
        for fd in (self._to, self._from):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._to = self._from = -1

    def _ask(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             deadline: float) -> dict[str, Any]:
        """Send one DevTools command and wait for its answer's result (ValueError: Chromium said no)."""
        return self._answer(self._send(method, params, session), method, deadline)

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        """Send one DevTools command; its number, for `_answer`."""
        self._count += 1
        message: dict[str, Any] = {"id": self._count, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._pending.add(self._count)
        data = memoryview(json.dumps(message).encode("utf-8") + b"\0")
        while data:  # a page of a few megabytes is more than one write takes
            data = data[os.write(self._to, data):]
        return self._count

    def _answer(self, ident: int, method: str, deadline: float) -> dict[str, Any]:
        """The result of command `ident` once Chromium answers (ValueError: Chromium said no)."""
        answer = self._wait(lambda m: m.get("id") == ident, deadline)
        self._pending.discard(ident)
        if "error" in answer:
            raise ValueError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return answer.get("result", {})  # type: ignore[no-any-return]

    def _wait(self, wanted: Any, deadline: float) -> dict[str, Any]:
        """The first message from Chromium that `wanted` accepts (the others are kept for a later wait)."""
        for k, message in enumerate(self._unread):
            if wanted(message):
                return self._unread.pop(k)
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return message  # type: ignore[no-any-return]
                if "method" in message or message.get("id") in self._pending:  # an event, or an answer asked for later
                    self._unread.append(message)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(_("no answer within {seconds} s").format(seconds=SECONDS))
            if select.select([self._from], [], [], left)[0]:
                chunk = os.read(self._from, 1 << 20)
                if not chunk:
                    raise OSError(_("Chromium stopped"))
                self._buffer += chunk


def pdf_bytes(html_text: str) -> bytes:
    """The PDF that headless Chromium prints from `html_text` (a self-contained page: nothing is fetched)."""
    with Printer() as printer:
        return printer.pdf(html_text)


def write_pdf(html_text: str, out: Path, printer: Printer | None = None) -> None:
    """Print `html_text` to the PDF file `out` (written whole or not at all), with `printer` if one is running."""
    atomic_write(out, printer.pdf(html_text) if printer is not None else pdf_bytes(html_text))
