"""Scalp symptom models: labels, EfficientNet checkpoints, preprocessing, prediction, training.

Nothing in this package imports Django, so `python -m ml.train` runs without settings.
"""
