"""Spreadsheet import of the registry: template, reading, checking and writing (批量导入)."""
