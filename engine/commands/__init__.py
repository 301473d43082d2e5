"""Sub-commands of the ``pictor`` command line."""
