"""Generate a realistic example school for liushou: seeded, deterministic, scalable.

The default school is a rural middle school in the mountains, autumn term 2022: 557 enrolled
students, 213 left-behind children (38.3%), of whom 15.6% have both parents away; 12.7% of
all enrolled live with grandparents; 3% of the left-behind children are excellent students
(figures.py). Places are the real townships of 湖南省邵阳市隆回县 with invented villages;
every person, phone number and company is invented.

    python tools/generate_school.py data-example --children 213 --seed 2022
    python tools/generate_school.py /tmp/big --children 20000 --force

Importable for benchmarks:

    from tools.school_generator import generate_school
    summary = generate_school(Path("/tmp/school"), children=2000, seed=7)

The school has a census history (调查摸底: at the start of each term every class teacher checks
each left-behind child's card, and the school keeps each class's figures; census.py), a
timeline of talks, home visits and contacts for every child (timeline.py), and the support
records of the term: pairings, learning plans, individual plans, care and activities
(support.py). The census and the support records draw from random streams of their own, so
that the rest of the school does not depend on them.

One module a job: figures, days (the term's calendar), draw (random draws), places, people
(names, phone and ID numbers), staff (classes and teachers), plans (who each child is, by
quota), children (one child's record), timeline, support, census, comments (written by hand
in a file), writing (the files) and school (all of it), and cli (the command line). The words
they draw from (names, places, companies, the phrases of talks, visits, contacts, census
checks, support records and comments) are YAML files in words/, read by words.py.

The same seed always gives the same bytes: tests/test_example_generator.py regenerates
data-example/ and compares every file. Every file is written by the store's own writer, as
the tool writes a new file (`liushou_cli.store.emit.house_text`, `render_child`); a child's
file with a hand-written comment goes through ruamel's round trip, which keeps comments.
"""

from __future__ import annotations

from .school import Summary, generate_school

__all__ = ["Summary", "generate_school"]
