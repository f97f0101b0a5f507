from . import marketing_capture
