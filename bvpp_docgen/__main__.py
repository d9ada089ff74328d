"""Run the command line as `python -m bvpp_docgen`."""

from .cli import main

main()
