"""The report as an A4 PDF ("Rapport") in Dutch, readable when printed in black and white.

The PDF is drawn with reportlab, charts included (:mod:`reportlab.graphics`), in the
Helvetica that every PDF reader has. It holds, after a title page with the network's
size and the key figures:

1. the LEA targets with their bounds and status, each with a bar of its band;
2. the wijk × hub heatmap (landscape pages): grey levels and the number in every cell,
   empty cells boxed with a bold 0, PacT wijken marked;
3. the largest gaps;
4. what changed since the previous version (when a comparison is given);
5. the strongest missing links;
6. the most vulnerable partners (when given);
7. the trend per schooljaar (when given).

When wijk boundaries are given, a map of the wijken shaded by their number of gaps
follows the largest gaps as section 4, and the sections after it move up one number.

Only greys are used, so a black-and-white print loses nothing. Every text goes through
:func:`_safe` (characters Helvetica lacks become ASCII) and is escaped before it is put
into reportlab's Paragraph markup.

The package holds one module per part: :mod:`~lea_graph.report_pdf.opmaak` (text, styles,
page sizes, tables), :mod:`~lea_graph.report_pdf.grafieken` (the drawings), one module per
section (:mod:`~lea_graph.report_pdf.titel`, ``doelen``, ``heatmap``, ``gaten``,
``kaart``, ``vergelijking``, ``verbanden``, ``kwetsbaarheid``, ``trend``, ``bronnen``)
and :mod:`~lea_graph.report_pdf.document`, which puts them together.
"""

from __future__ import annotations

from lea_graph.report_pdf.document import write_report_pdf

# Private names the tests import from here (test_report_pdf.py, test_kaart_labels.py).
from lea_graph.report_pdf.kaart import _kaart_section as _kaart_section
from lea_graph.report_pdf.opmaak import _safe as _safe
from lea_graph.report_pdf.titel import VOORBEELD_NOTICE

__all__ = ["VOORBEELD_NOTICE", "write_report_pdf"]
