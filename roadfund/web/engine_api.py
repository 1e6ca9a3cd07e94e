"""Everything the local page uses of roadfund's engine, readers and writers — imported here
once, so the page calls exactly what the command line calls and a module that moves is
fixed in one place.

The page adds no arithmetic of its own: amounts come from the engine, text from the
catalog, formatting from ``roadfund.money`` and the CLI's own table and report helpers.
"""

from __future__ import annotations

from roadfund.cli import allocation_rows
from roadfund.compare import (
    ALLOCATIONS,
    BASIS,
    SETTLEMENT,
    Comparison,
    NotARun,
    compare_folders,
    signed,
    signed_yuan,
    source_text,
    status_text,
)
from roadfund.engine import YearResult, compute
from roadfund.engine.matching import MatchingCheck
from roadfund.exit import ExitStatus
from roadfund.explain import TraceLine, UnknownCounty, explain_county
from roadfund.i18n import LABELS, LANGS, Lang, label
from roadfund.issues import InputError, Issue
from roadfund.load import LoadedYear, load_year
from roadfund.money import decimal_text, fen_to_yuan_grouped
from roadfund.policy import Policy, load_policy
from roadfund.reader.guard import MAX_FILE_BYTES, inspect_container
from roadfund.reader.workbook import parse_workbook
from roadfund.report import matching_report, percent_text
from roadfund.run import write_outputs
from roadfund.sample import SAMPLE_YEARS
from roadfund.schema import SHEETS
from roadfund.template import write_template
from roadfund.writers.comparison import write_comparison
from roadfund.writers.county import COUNTY_DIR, county_file_name, direction_text
from roadfund.writers.manifest import MANIFEST
from roadfund.writers.outdir import OutputFailed, write_atomically
from roadfund.writers.summary import summary_file_name

__all__ = [
    "ALLOCATIONS",
    "BASIS",
    "COUNTY_DIR",
    "LABELS",
    "LANGS",
    "MANIFEST",
    "MAX_FILE_BYTES",
    "SAMPLE_YEARS",
    "SETTLEMENT",
    "SHEETS",
    "Comparison",
    "ExitStatus",
    "InputError",
    "Issue",
    "Lang",
    "LoadedYear",
    "MatchingCheck",
    "NotARun",
    "OutputFailed",
    "Policy",
    "TraceLine",
    "UnknownCounty",
    "YearResult",
    "allocation_rows",
    "compare_folders",
    "compute",
    "county_file_name",
    "decimal_text",
    "direction_text",
    "explain_county",
    "fen_to_yuan_grouped",
    "inspect_container",
    "label",
    "load_policy",
    "load_year",
    "matching_report",
    "parse_workbook",
    "percent_text",
    "signed",
    "signed_yuan",
    "source_text",
    "status_text",
    "summary_file_name",
    "write_atomically",
    "write_comparison",
    "write_outputs",
    "write_template",
]
