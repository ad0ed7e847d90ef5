"""fetch_url refuses internal addresses, however spelt, before any socket opens."""

import ipaddress

import pytest

from claims.uploads import UploadError, fetch_url
from claims.uploads.addresses import default_resolver, public_address_problem
from claims.uploads.fetch import Hop, plan_hop
from tests.uploads.conftest import NetworkGuard, fake_resolver, forbidden_opener

# Names a fake DNS answers with internal addresses (rebinding, split horizon).
RESOLVER = fake_resolver(
    {
        "rebind.example": ["93.184.215.14", "127.0.0.1"],
        "internal.example": ["10.1.2.3"],
        "v6loop.example": ["::1"],
        "mapped.example": ["::ffff:10.0.0.1"],
        "metadata.example": ["169.254.169.254"],
        "cgnat.example": ["100.100.100.200"],
        "garbage.example": ["not-an-ip"],
        "empty.example": [],
        "news.example": ["93.184.215.14"],
        "bücher.example": ["10.0.0.1"],
        "xn--bcher-kva.example": ["10.0.0.1"],
    }
)

INTERNAL_URLS = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://0X7F.1/",
    "http://0x7f000001/",
    "http://017700000001/",
    "http://127.000.000.001/",
    "http://0x7f.0x0.0x0.0x1/",
    "http://127.0.0.1./",
    "http://127.0.0.1:80/",
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/",
    "http://[::127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://100.64.0.1/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fec0::1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b:1::a00:1]/",
    "http://[2002:a9fe:a9fe::]/",
    "http://[2002:7f00:1::1]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://255.255.255.255/",
    "http://198.18.0.1/",
    "http://192.0.0.1/",
    "http://240.0.0.1/",
    "http://localhost/",
    "http://LOCALHOST/",
    "http://localhost./",
    "http://api.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://printer.local/",
    "http://%31%32%37.0.0.1/",
    "http://999.0.0.1/",
    "http://rebind.example/",
    "http://internal.example/",
    "http://v6loop.example/",
    "http://mapped.example/",
    "http://metadata.example/",
    "http://cgnat.example/",
    "http://bücher.example/",
    "https://Internal.Example./",
]


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_it_rejects_internal_addresses_before_connecting(
    url: str, network_guard: NetworkGuard
) -> None:
    with pytest.raises(UploadError):
        fetch_url(url, resolver=RESOLVER, opener=forbidden_opener)
    assert network_guard.attempts == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://news.example/a.txt", "Only http:// and https:// links"),
        ("file:///etc/passwd", "Only http:// and https:// links"),
        ("gopher://news.example/", "Only http:// and https:// links"),
        ("javascript:alert(1)", "Only http:// and https:// links"),
        ("news.example/article", "Only http:// and https:// links"),
        ("http://user:pw@news.example/", "user name or password"),
        ("http://news.example@127.0.0.1/", "user name or password"),
        ("http://news.example\\@127.0.0.1/", "user name or password"),
        ("http://news.example:8080/", "port 8080"),
        ("https://news.example:22/", "port 22"),
        ("http://news.example:99999/", "invalid port"),
        ("http:///path", "no host name"),
        ("http://garbage.example/", "could not be found"),
        ("http://empty.example/", "could not be found"),
        ("http://unknown.example/", "could not be found"),
        ("http://bad_.-host.example/", "not a valid web address"),
    ],
)
def test_it_explains_other_refused_urls(url: str, message: str) -> None:
    with pytest.raises(UploadError, match=message):
        fetch_url(url, resolver=RESOLVER, opener=forbidden_opener)


def test_the_message_names_the_host_and_why() -> None:
    with pytest.raises(UploadError) as caught:
        fetch_url(
            "http://metadata.example/", resolver=RESOLVER, opener=forbidden_opener
        )
    assert str(caught.value) == (
        "The link leads to metadata.example at 169.254.169.254, which is a "
        "link-local address (used by cloud metadata services); only public "
        "websites can be fetched."
    )


def test_it_pins_the_connection_to_the_checked_address() -> None:
    hop = plan_hop("https://News.Example./a b?q=1&r=é#frag", resolver=RESOLVER)
    assert hop == Hop(
        "https", "news.example", 443, "93.184.215.14", "/a%20b?q=1&r=%C3%A9"
    )


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]
)
def test_public_addresses_pass_the_default_policy(address: str) -> None:
    assert public_address_problem(ipaddress.ip_address(address)) is None


def test_the_default_resolver_reads_odd_numeric_forms_like_the_socket_layer() -> None:
    # The guard makes getaddrinfo numeric-only, so this sends no DNS query.
    assert default_resolver("2130706433", 80) == ["127.0.0.1"]
    assert default_resolver("0x7f.1", 80) == ["127.0.0.1"]
