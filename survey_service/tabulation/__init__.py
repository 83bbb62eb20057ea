"""A unit-period tabulated as Permenpan RB 14/2017 tabulates it, as CSV and
XLSX for national reporting (docs/tabulation.md). Its views and service."""
