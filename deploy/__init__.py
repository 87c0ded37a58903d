"""Ways to run and serve the map on this machine: the app on a loopback port, and behind Debian's nginx.

- ``deploy/local.py``: the real app on a free loopback port and Debian's Chromium to look at it
  (the tests, the benchmarks and the README's screenshots start them through it).
- ``./run deploy.static --site DIR``: the static viewer (``./run layers site``) behind nginx
  (``deploy/nginx/static.conf``): precompressed files, immutable caching of hashed files.
- ``./run deploy.replicas --replicas N``: the Streamlit app as N replicas behind nginx
  (``deploy/nginx/replicas.conf``) with sticky sessions and health checks on ``/_stcore/health``.
"""
