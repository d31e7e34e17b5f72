"""Which hosts an image may be fetched from: public ones, by default.

A note is often someone else's writing, so a URL in it must not make slidegen reach the
machine's own services, the local network or a cloud's metadata endpoint (which hands out
credentials). Each host is resolved and every address it has is judged, so `localhost`,
`http://2130706433/` (127.0.0.1 as one number), `0x7f.1` or a public name pointing at a
private address are caught alike; each redirect hop is judged the same way before it is
requested. Link-local and metadata addresses are refused always; loopback and private ranges
unless the person allows them (`--allow-private-hosts`).

A name may answer a public address when judged and 127.0.0.1 a moment later (DNS
rebinding), so judging the URL is not enough: `checked_addresses` is also what a connection
uses (images/pinned.py), and it connects only to the addresses judged in the same lookup.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

__all__ = ["ALLOW_PRIVATE_HINT", "Refused", "Resolver", "checked_addresses", "judge_url",
           "refusal", "system_resolver"]

ALLOW_PRIVATE_HINT = "pass --allow-private-hosts if you trust this note and that host"

# Cloud metadata services that sit outside 169.254.0.0/16 and fe80::/10.
_METADATA = tuple(ipaddress.ip_network(n) for n in (
    "fd00:ec2::254/128",  # AWS over IPv6
    "100.100.100.200/32",  # Alibaba Cloud
    "192.0.0.192/32",  # Oracle Cloud
))

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]  # (host, port) -> its addresses; raises OSError


class Refused(Exception):
    """A host the policy does not let slidegen reach; `reason` is one line for the person."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses as the operating system resolves them."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal(url: str, allow_private: bool,
            resolve: Resolver = system_resolver) -> str | None:
    """Why `url`'s host must not be fetched, or None."""
    try:
        judge_url(url, allow_private, resolve)
    except Refused as exc:
        return exc.reason
    return None


def judge_url(url: str, allow_private: bool, resolve: Resolver = system_resolver) -> None:
    """Raise Refused if `url`'s host must not be fetched. A name that does not resolve, or a
    bad port, is left for the download to report."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        checked_addresses(host, port, allow_private, resolve)
    except (ValueError, OSError):  # UnicodeError is a ValueError
        return


def checked_addresses(host: str, port: int, allow_private: bool,
                      resolve: Resolver = system_resolver) -> list[str]:
    """`host`'s addresses from one lookup, each judged: connect only to these. Raises Refused
    if any of them is not allowed, OSError if the name does not resolve."""
    addresses = resolve(host, port)
    for text in addresses:
        address = _address(text)
        if address is None:
            raise Refused(f"refused: {host} resolves to {text[:60]!r}, not an IP address", "")
        if _always_refused(address):
            raise Refused(f"refused: {host} is a link-local or cloud metadata address "
                          f"({address}); slidegen never fetches from those",
                          "use a public copy of the image or a local file")
        if not allow_private and not address.is_global:
            kind = "loopback" if address.is_loopback else "private or reserved"
            raise Refused(f"refused: {host} is a {kind} address ({address})", ALLOW_PRIVATE_HINT)
    return addresses


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
