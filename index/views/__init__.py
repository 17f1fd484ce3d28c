"""The views wing: timeline, map, relations, disagreements, unlinked names, pins and exports."""
