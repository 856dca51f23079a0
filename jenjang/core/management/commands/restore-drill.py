import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jenjang.core.backup import drill


class Command(BaseCommand):
    help = (
        "Prove a restore works: back up, WIPE the database, restore, and compare "
        "row counts and a fingerprint of sample rows of every table. Run it on a "
        "copy or a staging database, never on production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="do not ask")
        parser.add_argument("--keep", type=Path, help="keep the backup file here")

    def handle(self, *args, yes: bool, keep: Path | None, **options):
        if (
            not yes
            and input("This WIPES the database and restores it. Go on? [y/N] ") != "y"
        ):
            raise CommandError("Cancelled.")
        with tempfile.TemporaryDirectory() as scratch:
            path = keep or Path(scratch) / "drill.backup"
            before, after = drill(path)
        rows = sum(before.counts.values())
        if before != after:
            changed = sorted(
                t
                for t in set(before.counts) | set(after.counts)
                if before.counts.get(t) != after.counts.get(t)
                or before.fingerprints.get(t) != after.fingerprints.get(t)
            )
            raise CommandError(f"Restore differs in: {', '.join(changed)}")
        self.stdout.write(
            f"Restore drill passed: {len(before.counts)} tables, {rows:,} rows, "
            "counts and sample fingerprints equal."
        )
