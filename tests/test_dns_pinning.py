"""A connection goes to the address the network policy judged, never to a second lookup.

The names here are resolved by a resolver the tests hand to the fetcher (slidegen's own
lookup function, not the network); the server is real, on 127.0.0.x. A name that answers a
public address to the policy and 127.0.0.1 to the connection (DNS rebinding) must not reach
the server; a name judged to be 127.0.0.2 must be fetched from 127.0.0.2, with the name in
the Host header and, over HTTPS, in the TLS handshake and the certificate check.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import trustme

from slidegen.images.fetch import Fetcher, FetchSettings

try:
    from tests.imageserver import ImageServer, png_bytes
except ImportError:  # pytest run with tests/ as the root
    from imageserver import ImageServer, png_bytes  # type: ignore[no-redef]

PUBLIC = "93.184.215.14"


def answers(name: str, *replies: str) -> tuple[Callable[[str, int], list[str]], list[str]]:
    """A resolver that gives `name` each reply in turn (the last one from then on), and the
    list of names it was asked for."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host != name:
            return [host] if host[0].isdigit() else ["192.0.2.1"]  # an IP stays itself
        return [replies[min(asked.count(name), len(replies)) - 1]]

    return resolve, asked


def fetcher(tmp_path: Path, resolve: Callable[[str, int], list[str]],
            allow_private: bool) -> Fetcher:
    settings = FetchSettings(cache_dir=tmp_path / "cache", retries=0, deadline=5.0,
                             allow_private_hosts=allow_private)
    return Fetcher(settings, resolve=resolve)


@pytest.mark.slow
def test_the_connection_goes_to_the_judged_address(tmp_path: Path) -> None:
    """The system says localhost is 127.0.0.1; the policy's lookup says 127.0.0.2, where the
    only server listens: the image arrives, so the socket went where the policy looked."""
    data = png_bytes()
    with ImageServer(host="127.0.0.2") as server:
        server.add("a.png", data)
        resolve, asked = answers("localhost", "127.0.0.2")
        with fetcher(tmp_path, resolve, allow_private=True) as f:
            got = f.fetch(f"http://localhost:{server.port}/ok/a.png")
    assert got.data == data, got.reason
    assert server.hosts == {f"localhost:{server.port}": 1}  # the name, not the address
    assert asked == ["localhost", "localhost"]  # judged before the request, then connected


@pytest.mark.slow
def test_a_name_rebinding_to_loopback_is_refused_at_the_connection(tmp_path: Path) -> None:
    """Public to the first lookup, 127.0.0.1 to every later one: without pinning the socket
    would follow the system's lookup to the server on 127.0.0.1 and fetch the image."""
    with ImageServer() as server:
        server.add("a.png", png_bytes())
        resolve, asked = answers("localhost", PUBLIC, "127.0.0.1")
        with fetcher(tmp_path, resolve, allow_private=False) as f:
            got = f.fetch(f"http://localhost:{server.port}/ok/a.png")
    assert got.data is None
    assert got.reason == "refused: localhost is a loopback address (127.0.0.1)"
    assert "--allow-private-hosts" in got.hint
    assert sum(server.requests.values()) == 0
    assert asked == ["localhost", "localhost"]


@pytest.mark.slow
def test_every_redirect_hop_is_pinned(tmp_path: Path) -> None:
    """A redirect to a name that is loopback (allowed here) when judged and the metadata
    address when connected to: refused, and the server sees only the first hop."""
    with ImageServer() as server:
        server.add("a.png", png_bytes())
        server.redirects["r"] = f"http://localhost:{server.port}/ok/a.png"
        resolve, _ = answers("localhost", "127.0.0.1", "169.254.169.254")
        with fetcher(tmp_path, resolve, allow_private=True) as f:
            got = f.fetch(server.url("redirect", "r"))
    assert got.data is None
    assert got.reason.startswith("refused: localhost is a link-local or cloud metadata address")
    assert got.reason.endswith(f"(redirected to http://localhost:{server.port}/ok/a.png)")
    assert dict(server.requests) == {"/redirect/r": 1}


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.mark.slow
def test_https_keeps_the_name_for_the_handshake_and_the_certificate(
        tmp_path: Path, authority: trustme.CA, monkeypatch: pytest.MonkeyPatch) -> None:
    """A certificate for images.test only, served on 127.0.0.2: the fetch succeeds only if
    the TLS server name and the certificate check use the URL's name, not the pinned IP."""
    import ssl

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("images.test").configure_cert(tls)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # read by httpx when trust_env is on
    data = png_bytes(20, 20)
    with ImageServer(host="127.0.0.2", tls=tls) as server:
        server.add("a.png", data)
        resolve, _ = answers("images.test", "127.0.0.2")
        with fetcher(tmp_path, resolve, allow_private=True) as f:
            named = f.fetch(f"https://images.test:{server.port}/ok/a.png")
            by_address = f.fetch(f"https://127.0.0.2:{server.port}/ok/a.png")
    assert named.data == data, named.reason
    assert server.hosts[f"images.test:{server.port}"] == 1
    assert by_address.data is None  # the certificate does not name 127.0.0.2
