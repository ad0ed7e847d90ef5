"""Any internal IPv4 address is refused in every numeric spelling."""

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from claims.uploads import UploadError, fetch_url
from tests.uploads.conftest import fake_resolver, forbidden_opener

INTERNAL = st.one_of(
    st.ip_addresses(network=network)
    for network in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "0.0.0.0/8",
    )
)


def spellings(address: ipaddress.IPv4Address) -> list[str]:
    value = int(address)
    a, b, c, d = address.packed
    return [
        str(address),
        str(value),
        hex(value),
        "0" + oct(value)[2:],
        f"{a:#o}.{b:#o}.{c:#o}.{d:#o}".replace("0o", "0"),
        f"{a:#x}.{b:#x}.{c:#x}.{d:#x}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{a}.{b}.{(c << 8) | d}",
        f"[::ffff:{address}]",
        f"[64:ff9b::{address}]",
        f"{address}.",
    ]


@given(INTERNAL)
def test_every_spelling_of_an_internal_ipv4_address_is_refused(
    address: ipaddress.IPv4Address,
) -> None:
    for host in spellings(address):
        try:
            fetch_url(
                f"http://{host}/", resolver=fake_resolver({}), opener=forbidden_opener
            )
        except UploadError:
            continue
        raise AssertionError(f"http://{host}/ was not refused")
