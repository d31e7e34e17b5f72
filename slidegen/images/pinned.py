"""HTTP connections made only to addresses the network policy judged.

httpx resolves a URL's host again when it connects, so a name answering a public address to
the policy's lookup and 127.0.0.1 to the next one (DNS rebinding) would get through. httpcore
opens its sockets through a replaceable network backend: ours resolves the name once,
judges every address (policy.network.checked_addresses) and connects to one of those. The
request keeps its URL, so the Host header, the TLS server name and the certificate check stay
the name's. Every connection of the client goes through it, each redirect hop's included.
Requests through a proxy are the proxy's to connect (their URLs are still judged by fetch.py).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from contextlib import contextmanager

import httpcore
import httpx
from hishel import CacheOptions
from hishel.httpx import CacheClient, CacheTransport

from slidegen.policy.network import Resolver, checked_addresses, system_resolver

# httpcore's errors and httpx's carry the same names; fetch.py handles httpx's.
_ERRORS: dict[type[Exception], type[httpx.TransportError]] = {
    getattr(httpcore, name): getattr(httpx, name) for name in (
        "ConnectTimeout", "ReadTimeout", "WriteTimeout", "PoolTimeout", "TimeoutException",
        "ConnectError", "ReadError", "WriteError", "NetworkError", "RemoteProtocolError",
        "LocalProtocolError", "ProtocolError", "ProxyError", "UnsupportedProtocol")
}
_LIMITS = httpx.Limits()


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for kind in type(exc).__mro__:
            if kind in _ERRORS:
                raise _ERRORS[kind](str(exc)) from exc
        raise


class PinnedBackend(httpcore.SyncBackend):
    """Sockets to a judged address of the host, never to a second lookup of its name."""

    def __init__(self, allow_private: bool, resolve: Resolver = system_resolver) -> None:
        self.allow_private = allow_private
        self.resolve = resolve

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                    ) -> httpcore.NetworkStream:
        try:
            addresses = checked_addresses(host, port, self.allow_private, self.resolve)
        except (OSError, ValueError) as exc:  # policy.network.Refused passes through
            raise httpcore.ConnectError(f"{host} does not resolve ({exc})") from exc
        failure = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:  # like socket.create_connection: the first that answers
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: typing.Iterable[bytes]) -> None:
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self.stream

    def close(self) -> None:
        close = getattr(self.stream, "close", None)
        if close is not None:
            with _as_httpx_errors():
                close()


class PinnedTransport(httpx.BaseTransport):
    """httpx's transport API over an httpcore pool whose sockets come from PinnedBackend."""

    def __init__(self, backend: PinnedBackend, limits: httpx.Limits,
                 verify: typing.Any = True, trust_env: bool = True) -> None:
        self.pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=trust_env),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        url = request.url
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port,
                             target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = self.pool.handle_request(core)
        assert isinstance(response.stream, typing.Iterable)
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Body(response.stream), extensions=response.extensions)

    def close(self) -> None:
        self.pool.close()


class PinnedCacheClient(CacheClient):
    """hishel's caching client whose direct connections go through PinnedTransport; proxies
    (from the environment) keep hishel's own transports."""

    def __init__(self, backend: PinnedBackend, storage: typing.Any, rfc: CacheOptions,
                 **kwargs: typing.Any) -> None:
        self.backend = backend
        super().__init__(storage=storage, rfc=rfc, **kwargs)

    def _init_transport(self, verify: typing.Any = True, cert: typing.Any = None,
                        trust_env: bool = True, http1: bool = True, http2: bool = False,
                        limits: httpx.Limits = _LIMITS, transport: typing.Any = None,
                        **kwargs: typing.Any) -> httpx.BaseTransport:
        pinned = PinnedTransport(self.backend, limits, verify=verify, trust_env=trust_env)
        return CacheTransport(next_transport=pinned, storage=self.storage, rfc=self.rfc)
