"""The hidden checks, one test_<section>.py per section, with their own pytest.ini (package data); they import checkkit, and sandbox.wire for the types of the values that come back."""
