"""One grading run, from request to Report: the request, the pytest plugin, and grading; may import course, checkkit, sandbox, results and i18n."""
