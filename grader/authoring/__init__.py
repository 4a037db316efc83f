"""Tools for course authors working in a checkout of the course: `kata dev check` and `kata dev new`."""
