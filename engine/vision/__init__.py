"""Vision: backbones, stored features, the classifier and photo search."""
