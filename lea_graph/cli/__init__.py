"""The ``lea-graph`` command line.

Messages are Dutch (they are for the people who keep the network up to date); every
failure ends with one line "Fout: ..." and a non-zero exit code, never a traceback
(:mod:`lea_graph.cli.errors`). The commands live in one module per family:
:mod:`~lea_graph.cli.data` (validate, info, export, template, generate),
:mod:`~lea_graph.cli.gemeente` (gemeente),
:mod:`~lea_graph.cli.store` (load, query, stats, restore),
:mod:`~lea_graph.cli.analyses` (analyse, compare, scenario),
:mod:`~lea_graph.cli.backup` (backup, restore-backup),
:mod:`~lea_graph.cli.accounts` (users), :mod:`~lea_graph.cli.partners` (partners) and :mod:`~lea_graph.cli.serve` (serve);
:mod:`~lea_graph.cli.options` holds the options they share and
:mod:`~lea_graph.cli.output` how results look on the screen.
"""

from __future__ import annotations

import click

from lea_graph import __version__
from lea_graph.cli import accounts, analyses, backup, data, gemeente, partners, serve, store
from lea_graph.cli.errors import LeaGroup

__all__ = ["cli", "main"]


@click.group(cls=LeaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lea-graph")
def cli() -> None:
    """LEA Graph: het netwerk rond de Lokale Educatieve Agenda als graaf.

    PATH is steeds een map met CSV-bestanden (partners.csv, wijken.csv, ...) of één
    .xlsx-werkmap met een werkblad per tabel.
    """


for _command in (
    data.validate,
    data.info,
    data.export,
    data.template,
    data.generate,
    gemeente.gemeente,
    store.load,
    store.query,
    store.stats,
    store.restore,
    backup.backup,
    backup.restore_backup,
    analyses.analyse,
    analyses.compare,
    analyses.scenario,
    accounts.users,
    partners.partners,
    serve.serve,
):
    cli.add_command(_command)


def main() -> None:
    """Console entry point (``lea-graph`` and ``python -m lea_graph.cli``)."""
    cli()
