"""The page's server: which Host headers it answers (a DNS-rebinding page sends its own name)."""

from __future__ import annotations

import pytest

from deckgen.web.server import allowed_host


@pytest.mark.parametrize(
    "header",
    ["127.0.0.1:8040", "localhost:8040", "LOCALHOST:8040", "[::1]:8040", "192.168.0.7:8040"],
)
def test_localhost_and_addresses_with_the_port_are_answered(header):
    assert allowed_host(header, 8040)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "evil.example:8040",
        "127.0.0.1.nip.io:8040",
        "localhost.evil.example:8040",
        "127.0.0.1:8041",
        "127.0.0.1",  # port 80
        "localhost:notaport",
        "[::1",
    ],
)
def test_other_hosts_and_ports_are_refused(header):
    assert not allowed_host(header, 8040)


def test_a_host_without_a_port_means_port_80():
    assert allowed_host("localhost", 80)
