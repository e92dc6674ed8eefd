"""Run the simulator: `python3 -m simulator` with tests/ on PYTHONPATH, or `python3 <collection>/tests/simulator`.

The second form needs no PYTHONPATH, so it runs from an installed collection; --help lists the options.
"""

from __future__ import annotations

import importlib
import pathlib
import sys

if __package__:
    from .cli import main
else:  # run by its folder's path: import it as the package `simulator`, from the folder above
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    main = importlib.import_module('simulator.cli').main

if __name__ == '__main__':
    sys.exit(main())
