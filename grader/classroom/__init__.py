"""Grading a whole class (`kata grade-all`): finding submissions, grading each apart, and the class gradebook; may import course, run, results and formats."""
