from . import test_pipeline_demand, test_pipeline_mrp
