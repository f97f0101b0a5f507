"""Tests of the SLA clock, run by plain pytest (make pytest) and by Odoo's runner."""
