"""The default layers (mapapp/data/default_layers.json) in the shapes the older tests use."""
from mapapp.layers import default_layers, reported_layer

ALL = (*default_layers(), reported_layer())
DEFAULT_LABELS = {layer.id: layer.label for layer in ALL}
LAYERS = tuple(layer.id for layer in ALL)
ROUTE_CATEGORY = next(layer.id for layer in ALL if layer.is_routes)
CATEGORIES = tuple(layer.id for layer in ALL if layer.is_points)
COLORS = {layer.id: layer.color for layer in ALL if layer.is_points}
