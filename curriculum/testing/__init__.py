"""Building worlds of data for the tests and the benchmarks (never imported by the app).

`world.Builder` makes organizations, people, partnerships, frameworks, standards, published
versions, courses, programs and alignments through the real services, so what it builds
stays valid as the rules change; `bulk` inserts thousands of rows at once where the
benchmarks need them.
"""
