#!/bin/bash
# Same contract as the public image: flags alone mean redis-server flags; without a config file
# protected mode is off so that other containers can connect.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = "redis-server" ]; then
  shift
  if [ "${1%.conf}" = "$1" ]; then
    set -- --protected-mode no "$@"
  fi
  set -- redis-server "$@"
  chown -R redis:redis /data 2>/dev/null || true
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
