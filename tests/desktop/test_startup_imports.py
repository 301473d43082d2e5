"""Opening the window must not wait for the machine-learning libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# numpy, HTTP and SSL are light next to torch but still cost a tenth of a
# second each at start-up; the welcome screen needs none of them
HEAVY = ("torch", "torchvision", "open_clip", "hnswlib", "pyqtgraph", "numpy")
HEAVY += ("http.client", "ssl")

SCRIPT = """
import json, sys
import desktop.app
from desktop.app import create_application
from desktop.main_window import MainWindow
app = create_application()
window = MainWindow()
window.show()
window.grab()
app.processEvents()
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
window.close()
"""


def test_window_opens_without_heavy_imports(pictor_home):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PICTOR_HOME": str(pictor_home),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == []
