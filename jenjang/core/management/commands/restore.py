from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jenjang.core.backup import restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `jenjang backup` (replaces it)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask")

    def handle(self, *args, path: Path, yes: bool, **options):
        if not path.exists():
            raise CommandError(f"No backup at {path}")
        if not yes and input("Replace the database with the backup? [y/N] ") != "y":
            raise CommandError("Cancelled.")
        restore(path)
        self.stdout.write("Restored.")
