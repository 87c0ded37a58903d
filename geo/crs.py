"""The coordinate reference systems, named once: what the data is stored in and what areas are measured in."""

#: Every geometry in data/ and in a Record: longitude/latitude on WGS 84.
STORED = "EPSG:4326"
#: UTM zone 38N, for areas in km² and distances in metres (the region spans 45–48° E).
METRIC = "EPSG:32638"
