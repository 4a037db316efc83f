"""The hidden checks, one file per section of the catalogue; run by grader/plugin.py."""
