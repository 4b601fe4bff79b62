"""The use cases that change the data folder: adding and archiving children, entries, pairings,
plans, activities, staff, terms, the census and the roster import, a new folder.
"""
