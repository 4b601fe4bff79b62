"""The programme's records and the rules every layer shares: the models, the checks of
identifiers, errors, class names, the school calendar, who supports a child. Imports nothing of ours
but itself.
"""
