"""Your katas: fill in each function, then run `kata grade` to see how you did."""
