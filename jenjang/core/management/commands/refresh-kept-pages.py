from django.core.management.base import BaseCommand

from jenjang.core.versions import restart_everything


class Command(BaseCommand):
    help = (
        "Make every page kept in the shared cache stale (after an upgrade, a data "
        "migration or SQL by hand): each is rebuilt on its next visit."
    )

    def handle(self, *args, **options):
        restart_everything()
        self.stdout.write("Kept pages will be rebuilt on their next visit.")
