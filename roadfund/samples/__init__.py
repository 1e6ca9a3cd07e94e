"""Input years for examples, tests and benchmarks: the Jingdezhen sample and a seeded generator."""
