"""Entry script of the packaged app (PyInstaller needs a file, not a module)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from desktop.__main__ import main

    sys.exit(main())
