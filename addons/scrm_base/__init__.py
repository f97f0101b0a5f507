from . import controllers, models, tools, wizard
