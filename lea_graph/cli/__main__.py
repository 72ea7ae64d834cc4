"""``python -m lea_graph.cli``: the same as the ``lea-graph`` command."""

from lea_graph.cli import main

if __name__ == "__main__":
    main()
