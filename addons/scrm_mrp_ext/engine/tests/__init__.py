"""Tests of the MRP engine, run by plain pytest (make pytest) and by Odoo's runner."""
