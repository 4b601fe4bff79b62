"""The figures the default school is made to: a rural middle school in the mountains of the
county, autumn term 2022, with 557 enrolled students and 213 left-behind children (38.3%),
15.6% of them with both parents away, 12.7% of all enrolled living with grandparents and 3%
of the left-behind children excellent students. These are the figures of the school's
基本情况, the paragraph that `liushou report --stats` writes; the other shares are plausible
for the county."""

from __future__ import annotations

# ---- the figures of the 基本情况 paragraph ----------------------------------------------------------
DEFAULT_ENROLLED = 557          # 在校生
DEFAULT_CHILDREN = 213          # 留守儿童 = 38.3% of enrolled
BOTH_AWAY_SHARE = 0.156         # 双亲外出, of the left-behind children
GRANDPARENT_SHARE = 0.127       # living with grandparents, of ALL enrolled students
EXCELLENT_SHARE = 0.03          # 优, of the left-behind children
# ---- not in that paragraph: plausible for the county ----------------------------------------------
MOTHER_AWAY_SHARE = 0.12
OTHER_SHARE = 0.042
KEY_SUPPORT_SHARE = 0.14        # about 30 of 213
HARDSHIP_SHARE = 0.08           # 低保 families
ARCHIVED_SHARE = 0.019          # files of children who left this term (about 4 of 213)
NEWCOMER_SHARE = 0.022          # recorded mid-term (about 5 of 213)
INCOMPLETE_SHARE = 0.04         # cards missing one of the 三知 facts
COMMENT_SHARE = 0.10            # files with a hand-written comment
CLASS_SIZE = 46                 # students per class, to lay out the classes

DEFAULT_SCHOOL = "隆回县金石桥镇枫林中学"
