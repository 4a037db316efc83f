"""The hidden checks, one test_<section>.py per section, with their own pytest.ini (package data); they import checkkit only."""
