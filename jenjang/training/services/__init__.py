"""Writes and rules of the training area.

- `prerequisites`: who may join a program (one rule per function);
- `enrolments`: request, approval, nomination, waitlist, cancellation;
- `results`: attendance, the attendance rule, results, JP and certificates;
- `bulk`: bulk nomination from a CSV/XLSX of NIPs (all-or-nothing);
- `jobs`: bulk certificates of a batch, recertification reminders;
- `evaluation`: satisfaction surveys and the impact follow-up;
- `catalog`: programs, batches, sessions.
"""
