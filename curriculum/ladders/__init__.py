"""Career ladders and lattices: steps with job quality, the standards each requires, the moves
between steps, and the programs that lead there."""
