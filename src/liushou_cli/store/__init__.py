"""The only package that touches the data folder's files or ruamel.yaml.

layout: where things are, finding the data folder.  yamlio: parsing and writing YAML text,
mapping a field to its line.  atomic: the folder lock and atomic replacement of a file.
read: loading the whole folder fast for reports.  edit: changing one file round-trip.
"""
