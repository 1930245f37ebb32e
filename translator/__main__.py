"""Allow `python -m translator`."""

from translator.cli import run

run()
