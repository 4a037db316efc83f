"""The course itself: the catalogue (the one source of sections, katas, points and GPU needs), the stubs, and the student repo `kata release` writes; imports nothing else of the grader."""
