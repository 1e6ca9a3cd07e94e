"""Writers at the edge: CSV contract files, workbooks for people, the manifest, the output folder."""
