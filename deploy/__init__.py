"""Ways to serve the map, each started by one command on this machine with Debian's nginx.

- ``python -m deploy.static --site DIR``: the static viewer (``python -m layers site``) behind nginx
  (``deploy/nginx/static.conf``): precompressed files, immutable caching of hashed files.
- ``python -m deploy.replicas --replicas N``: the Streamlit app as N replicas behind nginx
  (``deploy/nginx/replicas.conf``) with sticky sessions and health checks on ``/_stcore/health``.
"""
