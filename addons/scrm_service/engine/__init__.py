"""Pure-Python computations of the service desk, over plain data (no ORM)."""
