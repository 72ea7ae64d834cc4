"""LEA Graph: the partner network of Tilburg's Lokale Educatieve Agenda as a graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lea-graph")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0"

__all__ = ["__version__"]
