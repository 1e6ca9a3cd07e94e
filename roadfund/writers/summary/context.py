"""What every sheet of the city summary workbook is written from: the result, styles, language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from xlsxwriter import Workbook

from roadfund.engine import YearResult
from roadfund.engine.allocation import SourceAllocation
from roadfund.text import Lang, date_text, label
from roadfund.writers.xlsx_common import Styles


@dataclass(frozen=True)
class SheetContext:
    result: YearResult
    styles: Styles
    lang: Lang

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """Every county code, sorted (once: the sheets ask for it in loops)."""
        return tuple(sorted(c.code for c in self.result.year_input.counties))

    @property
    def names(self) -> Mapping[str, str]:
        return self.result.year_input.county_names()

    def subtitle(self) -> str:
        period, lang = self.result.period, self.lang
        prepared = date_text(self.result.year_input.prepared, lang)
        colon = label("colon", lang)
        return (
            f"{label('policy_reference', lang)}{colon}{period.reference}    "
            f"{label('prepared', lang)}{colon}{prepared}"
        )

    def source_label(self, source: SourceAllocation) -> str:
        return label(f"source.{source.code}.short", self.lang)


SheetWriter = Callable[[Workbook, SheetContext], None]
