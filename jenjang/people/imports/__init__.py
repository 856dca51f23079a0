"""Employee import: file format, readers, the two-pass engine and import jobs.

- `columns`: the column set (template, import and export share it);
- `readers`: sniff the format and stream rows from CSV or XLSX;
- `rows`: parse and check one row;
- `engine`: validate the whole file, then upsert by NIP in one transaction;
- `services` / `selectors`: import jobs for the pages and tasks;
- `templates`: the downloadable template.
"""
