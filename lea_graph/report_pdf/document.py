"""The document: the page templates (portrait, landscape), the canvas that writes
header and footer on every page, and :func:`write_report_pdf`, which puts the sections
together.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from lea_graph.report_pdf.bronnen import _sources_section
from lea_graph.report_pdf.doelen import _targets_section
from lea_graph.report_pdf.gaten import _gaps_section
from lea_graph.report_pdf.heatmap import _heatmap_section
from lea_graph.report_pdf.kaart import Shape, _kaart_section
from lea_graph.report_pdf.kwetsbaarheid import _vulnerability_section
from lea_graph.report_pdf.opmaak import (
    _BOTTOM,
    _DARK,
    _FONT,
    _LANDSCAPE,
    _LMARGIN,
    _LWIDTH,
    _MARGIN,
    _PORTRAIT,
    _RULE,
    _TOP,
    _WIDTH,
    S,
    _Heading,
    _markup,
    _safe,
)
from lea_graph.report_pdf.samenwerking import _samenwerking_section
from lea_graph.report_pdf.titel import _title_page
from lea_graph.report_pdf.trend import _trend_section
from lea_graph.report_pdf.verbanden import _links_section
from lea_graph.report_pdf.vergelijking import _comparison_section
from lea_graph.tijd import datum_nl


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            key = f"h-{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc, key, 0)
            self.notify("TOCEntry", (0, escape(flowable.toc), self.page, key))


def _canvas_maker(title: str, date: str) -> type[Canvas]:
    """A canvas that writes "pagina N van M", the title and the date on every page."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            margin = _MARGIN if width < height else _LMARGIN
            page = self.getPageNumber()
            self.saveState()
            self.setStrokeColor(_RULE)
            self.setLineWidth(0.5)
            self.setFillColor(_DARK)
            if page > 1:
                self.setFont(_FONT, 7.5)
                self.drawString(margin, height - 12 * mm, _safe(title))
                self.drawRightString(width - margin, height - 12 * mm, "LEA Graph")
                self.line(margin, height - 13.5 * mm, width - margin, height - 13.5 * mm)
            self.line(margin, 12.5 * mm, width - margin, 12.5 * mm)
            self.setFont(_FONT, 8)
            self.drawString(margin, 8.5 * mm, _safe(f"{title} · {date}"))
            self.drawRightString(width - margin, 8.5 * mm, f"pagina {page} van {total}")
            self.restoreState()

    return NumberedCanvas


def _illustrative(report: Any, comparison: Any) -> bool:
    if any(getattr(i, "voorbeeld", "") for i in report.targets):
        return True
    return bool(comparison is not None and getattr(comparison, "voorbeeld", False))


def write_report_pdf(
    report: Any,
    out: str | Path,
    *,
    comparison: Any = None,
    vulnerability: pd.DataFrame | None = None,
    trend: pd.DataFrame | None = None,
    title: str = "Analyse van het LEA-netwerk",
    voorbeeld: bool | None = None,
    wijkvormen: Mapping[str, Shape] | None = None,
    samenwerking: Mapping[str, Any] | None = None,
) -> Path:
    """Write the report as an A4 PDF in Dutch, readable when printed in black and white.

    Parameters
    ----------
    report
        A :class:`lea_graph.analytics.report.Report` (:func:`~lea_graph.analytics.report.analyse`).
    out
        Path of the PDF; its folder is made when missing.
    comparison
        A :class:`lea_graph.analytics.compare.Comparison` with the previous version, or
        None: the section on changes then says there is nothing to compare with.
    vulnerability
        The kwetsbaarheid ranking (``rang``, ``partner_naam``, ``lege_cellen``,
        ``kinderen``, ``doelen``, ...), or None to leave the section out.
    trend
        :func:`lea_graph.analytics.compare.trend` of the network, or None to leave the
        section out.
    title
        The title on the first page and in the header and footer.
    voorbeeld
        Whether the data are (partly) illustrative (``bron=voorbeeld``); None infers it
        from the targets (:attr:`Indicator.voorbeeld`) and the comparison. When true, the
        title page carries :data:`VOORBEELD_NOTICE` in a box.
    wijkvormen
        The wijk boundaries as polygons in a plane (x east, y north, any unit; outer
        ring first, then holes) by wijk id, e.g. ``web.services.wijkvormen()``. When
        given for at least one wijk, a section after the gaps shows the wijken on a map,
        shaded by their number of gaps; without, that section is left out.
    samenwerking
        A closed round of the samenwerkingsmonitor as its screen's JSON
        (:func:`web.screens.samenwerking.samenwerking_screen`), or None to leave that
        section out (the report for readers who may not see it).

    Returns
    -------
    pathlib.Path
        The PDF written.
    """
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if voorbeeld is None:
        voorbeeld = _illustrative(report, comparison)
    date = datum_nl(report.created)
    doc = _Doc(
        str(path),
        pagesize=_PORTRAIT,
        title=_safe(title),
        author="LEA Graph",
        subject="Rapport over het partnernetwerk van de Lokale Educatieve Agenda",
        creator="LEA Graph",
        lang="nl-NL",
    )
    portrait = Frame(_MARGIN, _BOTTOM, _WIDTH, _PORTRAIT[1] - _TOP - _BOTTOM, id="portrait",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    wide = Frame(_LMARGIN, _BOTTOM, _LWIDTH, _LANDSCAPE[1] - _TOP - _BOTTOM, id="landscape",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [portrait], pagesize=_PORTRAIT),
            PageTemplate("landscape", [wide], pagesize=_LANDSCAPE),
        ]
    )
    toc = TableOfContents(levelStyles=[S["toc0"]], dotsMinLevel=0)
    counter = iter(range(1, 100))

    def h1(text: str) -> Flowable:
        label = f"{next(counter)}. {text}"
        return _Heading(_markup(label), S["h1"], _safe(label))

    story = _title_page(report, title, voorbeeld, toc, date)
    story += _targets_section(report, h1)
    coverage = report.coverage
    heatmap = _heatmap_section(report, h1)
    if coverage is not None and len(coverage) and "partners" in coverage:
        story += [NextPageTemplate("landscape"), PageBreak(), *heatmap]
        story += [NextPageTemplate("portrait"), PageBreak()]
    else:
        story += [Spacer(1, 6 * mm), CondPageBreak(60 * mm), *heatmap, Spacer(1, 8 * mm)]
    # Short sections stay on one page: KeepTogether moves them on when they do not fit.
    story += [KeepTogether(_gaps_section(report, h1)), Spacer(1, 8 * mm)]
    kaart = _kaart_section(report, wijkvormen, h1)
    if kaart:
        story += [KeepTogether(kaart), Spacer(1, 8 * mm)]
    story += [CondPageBreak(70 * mm), *_comparison_section(comparison, h1), Spacer(1, 8 * mm)]
    story += [KeepTogether(_links_section(report, h1))]
    if vulnerability is not None:
        story += [Spacer(1, 8 * mm), KeepTogether(_vulnerability_section(vulnerability, h1))]
    if samenwerking is not None:
        story += [CondPageBreak(90 * mm), *_samenwerking_section(samenwerking, h1)]
    if trend is not None:
        story += [PageBreak(), *_trend_section(trend, report, h1)]
    story += [Spacer(1, 8 * mm), KeepTogether(_sources_section(h1))]
    # Several passes: the table of contents needs the page numbers.
    doc.multiBuild(story, canvasmaker=_canvas_maker(title, date))
    return path
