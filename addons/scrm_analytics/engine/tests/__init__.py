"""Tests of the analytics engine: plain pytest (make pytest) and Odoo's runner."""
