"""Everything the local page uses of roadfund's engine, readers and writers — imported here
once, so the page calls exactly what the command line calls and a module that moves is
fixed in one place.

The page adds no arithmetic of its own: amounts come from the engine, text from the
catalog, formatting from ``roadfund.money`` and the CLI's own table and report helpers.
"""

from __future__ import annotations

from roadfund.contract import ALLOCATIONS, BASIS, BUDGET, MANIFEST, SETTLEMENT
from roadfund.engine import YearResult, compute
from roadfund.engine.compare import Comparison, source_text, status_text
from roadfund.engine.matching import MatchingCheck
from roadfund.engine.trace import TraceLine, UnknownCounty, explain_county
from roadfund.exit import ExitStatus
from roadfund.issues import InputError, Issue
from roadfund.money import decimal_text, fen_to_yuan_grouped, percent_text
from roadfund.policy import Policy
from roadfund.reader.guard import MAX_FILE_BYTES, inspect_container
from roadfund.reader.load import LoadedYear, load_year
from roadfund.reader.policy import load_policy
from roadfund.reader.run_folder import NotARun, compare_folders
from roadfund.reader.workbook import parse_workbook
from roadfund.run import write_outputs
from roadfund.samples.jingdezhen import SAMPLE_YEARS
from roadfund.schema import SHEETS
from roadfund.text import LABELS, LANGS, Lang, label
from roadfund.writers.comparison import write_comparison
from roadfund.writers.county import COUNTY_DIR, county_file_name
from roadfund.writers.formulas import direction_text, status_value
from roadfund.writers.outdir import OutputFailed, write_atomically
from roadfund.writers.report import (
    TextTable,
    allocation_rows,
    amount_table,
    comparison_header,
    comparison_notes,
    county_table,
    matching_report,
    signed,
    signed_yuan,
)
from roadfund.writers.summary import summary_file_name
from roadfund.writers.summary.budget import BUDGET_HEADER_KEYS
from roadfund.writers.summary.settlement import SETTLEMENT_HEADER_KEYS
from roadfund.writers.template import write_template

__all__ = [
    "ALLOCATIONS",
    "BASIS",
    "BUDGET",
    "BUDGET_HEADER_KEYS",
    "COUNTY_DIR",
    "LABELS",
    "LANGS",
    "MANIFEST",
    "MAX_FILE_BYTES",
    "SAMPLE_YEARS",
    "SETTLEMENT",
    "SETTLEMENT_HEADER_KEYS",
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
    "TextTable",
    "TraceLine",
    "UnknownCounty",
    "YearResult",
    "allocation_rows",
    "amount_table",
    "compare_folders",
    "comparison_header",
    "comparison_notes",
    "compute",
    "county_file_name",
    "county_table",
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
    "status_value",
    "summary_file_name",
    "write_atomically",
    "write_comparison",
    "write_outputs",
    "write_template",
]
