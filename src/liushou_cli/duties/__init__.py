"""The duties and their rhythm: what each child (and each class) is owed, by whom, since when
it is overdue, on the school-day clock; the rows of the overdue report.
"""
