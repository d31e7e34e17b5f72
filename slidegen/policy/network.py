"""Which hosts an image may be fetched from: public ones, by default.

A note is often someone else's writing, so a URL in it must not make slidegen reach the
machine's own services, the local network or a cloud's metadata endpoint (which hands out
credentials). Each host is resolved and every address it has is judged, so `localhost`,
`http://2130706433/` (127.0.0.1 as one number), `0x7f.1` or a public name pointing at a
private address are caught alike; each redirect hop is judged the same way before it is
requested. Link-local and metadata addresses are refused always; loopback and private ranges
unless the person allows them (`--allow-private-hosts`).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

__all__ = ["ALLOW_PRIVATE_HINT", "refusal"]

ALLOW_PRIVATE_HINT = "pass --allow-private-hosts if you trust this note and that host"

# Cloud metadata services that sit outside 169.254.0.0/16 and fe80::/10.
_METADATA = tuple(ipaddress.ip_network(n) for n in (
    "fd00:ec2::254/128",  # AWS over IPv6
    "100.100.100.200/32",  # Alibaba Cloud
    "192.0.0.192/32",  # Oracle Cloud
))

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def refusal(url: str, allow_private: bool) -> str | None:
    """Why `url`'s host must not be fetched, or None. A name that does not resolve is left for
    the download to report."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None  # a bad port: the download reports the URL as invalid
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return None
    for info in infos:
        address = _address(str(info[4][0]))
        if address is None:
            continue
        if _always_refused(address):
            return (f"refused: {host} is a link-local or cloud metadata address ({address}); "
                    "slidegen never fetches from those")
        if not allow_private and not address.is_global:
            kind = "loopback" if address.is_loopback else "private or reserved"
            return f"refused: {host} is a {kind} address ({address})"
    return None


def _address(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return mapped
    return address


def _always_refused(address: IPAddress) -> bool:
    return address.is_link_local or any(address in net for net in _METADATA)
