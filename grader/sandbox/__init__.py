"""Running student code apart from the grader: runners, the zygote, the child and its walls, framing and the plain-data codec; imports nothing of the grader outside this folder."""
