"""Distances on the map that every part placing nodes agrees on (scene units)."""

#: Distance between the centres of neighbouring nodes: the ideal edge length
#: of the force-directed layout and the pitch of the circle or grid that
#: imported nodes without positions are placed on.
SPACING = 250.0
