"""Allow `python -m generator` as an alias of the `vanban` command."""

from generator.cli import main

main()
