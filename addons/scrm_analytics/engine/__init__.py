"""Pure-Python computations of the analytics addon over plain data (no ORM):
purchase cycles and next expected orders, co-purchase associations, RFM
segments. The ORM side loads plain tuples in one query and writes in bulk."""
