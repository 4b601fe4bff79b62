#!/usr/bin/env python3
"""Generate a realistic example school for liushou: the command line of tools/school_generator/
(its docstring says what the school holds).

    python tools/generate_school.py data-example --children 213 --seed 2022
    python tools/generate_school.py /tmp/big --children 20000 --force
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script, Python puts tools/ on the path, not the repository that holds it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.school_generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
