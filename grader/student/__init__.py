"""The student's loop around a grade: `kata watch`, the progress file behind progress/next/hint, and the kata files themselves (reset, solution); may import course, run, results and formats."""
