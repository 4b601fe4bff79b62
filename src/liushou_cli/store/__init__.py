"""The only package that touches the data folder's files or ruamel.yaml.

layout: where things are, finding the data folder.  yamlio: parsing YAML text, mapping a
field to its line.  emit: the text of a new file.  atomic: the folder lock and atomic
replacement of a file.  read: loading the whole folder fast for reports (parallel: its
worker processes).  edit: changing one file round-trip.  create: a new data folder.
activities: the activity files.  cache, cachecodec, cachefiles, tables: the local cache, its
encoding, its files, its tables.  oserrors: an OS error as one line naming the file.
"""
