"""Builders and data shared by several test modules; test modules import only from here."""
