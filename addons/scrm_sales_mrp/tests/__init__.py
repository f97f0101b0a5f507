from . import test_pipeline_demand
