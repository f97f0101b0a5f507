from . import cti, portal
