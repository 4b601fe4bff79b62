"""The reports: term statistics, the check of the whole folder, the bureau's export, the caseload
and incomplete-records reports, and which options each report kind takes. Plain data, no printing.
"""
