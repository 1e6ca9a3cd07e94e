"""Reading the input workbook: container checks, cell-by-cell parsing, cross-sheet rules."""
