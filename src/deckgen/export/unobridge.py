"""The warm office's bridge: runs under the Python that has LibreOffice's `uno` module.

Not imported by deckgen: `office.WarmOffice` starts it as a script with that Python (Debian's
`python3-uno` puts `uno` in /usr/bin/python3; LibreOffice's own installers bundle a Python), so it
uses nothing but the standard library and `uno`. It connects to a running LibreOffice over a
named pipe and answers requests read from standard input, one JSON object a line:

    {"id": 7, "pptx": "/abs/deck.pptx", "exports": [{"pdf": "/abs/a.pdf", "pages": "1-6"}, ...],
     "options": {"UseLosslessCompression": true}}

It loads the deck once, writes each PDF (only the slides `pages` names, all when it is empty; with
the PDF export's `options`, those `deckgen pdf` uses) and
answers `{"id": 7, "pdf": path}` after each, then `{"id": 7, "done": true}`; a failure answers
`{"id": 7, "error": text}`. Once connected it says `{"ready": true}`.
At the end of its input it ends LibreOffice and exits: deckgen's end ends both.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

PDF_FILTER = "impress_pdf_Export"


def _props(**values: Any) -> tuple[Any, ...]:
    """Return UNO property values, as `loadComponentFromURL` and `storeToURL` take them."""
    props = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        props.append(prop)
    return tuple(props)


def _answer(**message: Any) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def connect(pipe: str, seconds: float) -> Any:
    """Return LibreOffice's desktop once the office listening on `pipe` answers."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def export(desktop: Any, request: dict[str, Any]) -> None:
    """Load the request's deck once and write each of its PDFs, answering after each."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(request["pptx"]),
        "_blank",
        0,
        _props(Hidden=True, ReadOnly=True),
    )
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {request['pptx']}")
    try:
        unspace_charts(document)
        for job in request["exports"]:
            pages = {"PageRange": job["pages"]} if job.get("pages") else {}
            options = _props(**request.get("options", {}), **pages)
            document.storeToURL(
                uno.systemPathToFileUrl(job["pdf"]),
                _props(
                    FilterName=PDF_FILTER,
                    FilterData=uno.Any("[]com.sun.star.beans.PropertyValue", options),
                ),
            )
            _answer(id=request["id"], pdf=job["pdf"])
    finally:
        document.close(True)


def unspace_charts(document: Any) -> None:
    """Turn off the Asian/Western autospacing of every native chart's text in `document`.

    The Korean profile turns it off for the slides, but chart2 sets it on every chart text
    whatever the locale ("2023 년 9 월"); `deckgen pdf` renders from an .odp that says otherwise
    (see `charttext`), the warm office says it here, through the charts' own properties.
    """
    pages = document.getDrawPages()
    for p in range(pages.getCount()):
        page = pages.getByIndex(p)
        for s in range(page.getCount()):
            shape = page.getByIndex(s)
            if not shape.supportsService("com.sun.star.drawing.OLE2Shape"):
                continue
            with contextlib.suppress(Exception):
                _unspace_chart(shape.getPropertyValue("Model"))


def _unspace_chart(chart: Any) -> None:
    """Set `ParaIsCharacterDistance` off on every text-bearing part of the chart model `chart`."""
    diagram = chart.getFirstDiagram()
    parts = [diagram.getLegend()]
    for system in diagram.getCoordinateSystems():
        for dimension in range(system.getDimension()):
            for index in range(system.getMaximumAxisIndexByDimension(dimension) + 1):
                parts.append(system.getAxisByDimension(dimension, index))
        for kind in system.getChartTypes():
            for series in kind.getDataSeries():
                parts.append(series)
                for index in series.getPropertyValue("AttributedDataPoints") or ():
                    parts.append(series.getDataPointByIndex(index))
    for part in parts:
        if part is not None:
            with contextlib.suppress(Exception):
                part.setPropertyValue("ParaIsCharacterDistance", False)


def main(pipe: str, seconds: float) -> int:
    """Serve requests from standard input until it ends; return the exit status."""
    try:
        desktop = connect(pipe, seconds)
    except Exception as exc:  # the office never answered: say why, and stop
        _answer(error=f"no answer from LibreOffice within {seconds:g} s ({exc})")
        return 1
    _answer(ready=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                export(desktop, request)
            except Exception as exc:  # report it, keep serving: the next edit may load
                message = getattr(exc, "Message", "") or str(exc)
                _answer(id=request["id"], error=f"{type(exc).__name__}: {message}")
            else:
                _answer(id=request["id"], done=True)
    finally:
        # The office may be gone already: its connection closes as it ends.
        with contextlib.suppress(Exception):
            desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
