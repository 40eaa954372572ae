"""Django's Redis cache with one Redis client object per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call; constructing one sets up
several hundred response callbacks, which on every page (session, authorisation facts, unread count)
cost more than the Redis round trips themselves. A `redis.Redis` is safe to share: it takes a
connection from its pool per command."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_shared_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class OmsorgRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
