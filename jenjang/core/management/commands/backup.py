from pathlib import Path

from django.core.management.base import BaseCommand

from jenjang.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, or a SQLite copy)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        backup(path)
        self.stdout.write(f"Backup: {path} ({path.stat().st_size:,} bytes)")
