"""Records as plain rows, card sections and timelines, ready for any renderer.
"""
