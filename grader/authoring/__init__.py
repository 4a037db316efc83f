"""For course authors in a checkout (`kata dev check`, `kata dev new`): proves stubs fail, solutions pass and variants land; may import course, run, results and i18n."""
