FORECAST_CATEGORIES = [
    ("pipeline", "Pipeline"),
    ("best_case", "Best Case"),
    ("commit", "Commit"),
    ("closed", "Closed"),
    ("omitted", "Omitted"),
]
