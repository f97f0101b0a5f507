from . import catalogue, portal
