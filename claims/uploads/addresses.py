"""Decide which hosts and IP addresses a fetch may connect to (SSRF defence)."""

import ipaddress
import re
import socket
from collections.abc import Callable

from claims.uploads.errors import UploadError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
AddressPolicy = Callable[[IPAddress], str | None]

_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_BLOCKED_NAMES = {"localhost", "metadata", "metadata.google.internal", "instance-data"}
_BLOCKED_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")
# Labels that inet_aton reads as numbers: 127, 0177, 0x7f (so "127.1" is too).
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")


def default_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, as the socket layer would see it."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def public_address_problem(address: IPAddress) -> str | None:
    """Why ``address`` is not public unicast, or None if it may be fetched.

    >>> public_address_problem(ipaddress.ip_address("169.254.169.254"))
    'a link-local address (used by cloud metadata services)'
    """
    if isinstance(address, ipaddress.IPv6Address):
        problem = _ipv6_problem(address)
        if problem:
            return problem
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address (this server itself)"),
        (
            address.is_link_local,
            "a link-local address (used by cloud metadata services)",
        ),
        (address.is_multicast, "a multicast address"),
        (address in _SHARED, "a shared carrier-grade NAT address"),
        (address.is_private, "a private network address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public internet address"),
    )
    return next((reason for failed, reason in checks if failed), None)


def _ipv6_problem(address: ipaddress.IPv6Address) -> str | None:
    """Catch IPv6 forms that hide an IPv4 target or that Python calls global."""
    if address.scope_id:
        return "a scoped (interface-local) IPv6 address"
    if address.is_site_local:
        return "a site-local IPv6 address"
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        inner = public_address_problem(embedded) or "an IPv4 address in IPv6 form"
        return f"{inner}, {embedded} written as IPv6"
    if address.teredo is not None:
        return "a Teredo tunnel address"
    if address in _NAT64_LOCAL:
        return "a local NAT64 address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside mapped, compatible, 6to4 or NAT64 forms."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    in_prefix = (_IPV4_COMPATIBLE, _IPV4_TRANSLATED, _NAT64)
    if any(address in network for network in in_prefix) and int(address) > 1:
        return low32
    return None


def numeric_host(host: str) -> IPAddress | None:
    """Read ``host`` as an IP literal in any form a resolver would accept.

    Decimal ("2130706433"), octal ("0177.0.0.1"), hex ("0x7f.1") and short
    ("127.1") IPv4 forms are read the way inet_aton does, so nothing can
    slip past by being spelt oddly. Raises ``UploadError`` for hosts that
    look numeric but are not valid addresses.
    """
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.split(".")
    if not all(_NUMERIC_LABEL.fullmatch(label) for label in labels):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError as error:
        raise UploadError(f"{host} is not a valid web address.") from error


def check_host_name(host: str) -> None:
    """Refuse names that always mean this machine or its private network."""
    if host in _BLOCKED_NAMES or host.endswith(_BLOCKED_SUFFIXES):
        raise UploadError(
            f"Links to {host} cannot be fetched; it is an internal name, "
            "not a public website."
        )
    if not all(_HOST_LABEL.fullmatch(label) for label in host.split(".")):
        raise UploadError(f"{host} is not a valid web address.")
