"""Employee import: file format, readers, the two-pass engine and import jobs.

- `columns`: the column set (template, import and export share it);
- `readers`: sniff the format and stream rows from CSV or XLSX;
- `rows`: parse and check one row;
- `engine`: validate the whole file, then upsert by NIP in one transaction;
- `writer`: the bulk writes of one chunk (employees, history, audit entries);
- `intset`: the compact set of NIPs seen, for duplicates;
- `services` / `selectors`: import jobs for the pages and tasks;
- `template_file`: the downloadable template.
"""
