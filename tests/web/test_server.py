"""The page's server: which Host headers it answers (a DNS-rebinding page sends its own name),
HEAD as GET without the body, and clients that go away are no error."""

from __future__ import annotations

import http.client
import socket
import struct
from collections.abc import Iterator

import pytest

from deckgen.web.server import Board, Server, allowed_host


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


# --- the server as a client meets it ---------------------------------------------------------

PICTURE = "0123456789abcdef"


@pytest.fixture
def server() -> Iterator[Server]:
    """Return a server on a free port whose state is large (a write takes many packets)."""
    board = Board(lambda digest: b"\x89PNG picture" if digest == PICTURE else None)
    board.publish({"deck": {"title": "x" * 200_000}, "slides": []})
    with Server(board, "127.0.0.1", 0) as running:
        yield running


def ask(server: Server, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(method, path)
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, dict(answer.getheaders()), body


def abort(port: int, request: bytes) -> None:
    """Send `request`, then close at once with a reset (SO_LINGER 0): the client went away."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.sendall(request)


@pytest.mark.slow
def test_clients_that_go_away_before_their_answer_are_no_error(server, capfd):
    host = f"Host: 127.0.0.1:{server.port}\r\n"
    requests = [
        f"GET /slides.json HTTP/1.1\r\n{host}\r\n".encode(),
        f"GET / HTTP/1.1\r\n{host}\r\n".encode(),
        f"GET /events HTTP/1.1\r\n{host}\r\n".encode(),
        f"GET /slides.json HTTP/1.1\r\n{host}".encode(),  # gone before the headers end
        b"",  # gone before a byte
    ]
    for n in range(200):
        abort(server.port, requests[n % len(requests)])
    status, _headers, body = ask(server, "GET", "/slides.json")  # it still answers, in full
    assert status == 200 and len(body) > 200_000
    server.board.publish({"slides": []})  # the event streams see the closed connections
    server.close()
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert err == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    ["/", "/app.js", "/slides.json", f"/slides/{PICTURE}.png", "/nothing", "/../deck.yaml"],
    ids=["page", "script", "state", "picture", "unknown", "traversal"],
)
def test_head_answers_as_get_does_without_the_body(server, path):
    got = ask(server, "GET", path)
    head = ask(server, "HEAD", path)
    assert head[0] == got[0] != 501
    assert head[1]["Content-Length"] == got[1]["Content-Length"] == str(len(got[2]))
    assert head[1]["Content-Type"] == got[1]["Content-Type"]
    assert head[2] == b""


def test_head_of_the_event_stream_sends_its_headers_and_ends():
    board = Board(lambda _digest: None)
    with Server(board, "127.0.0.1", 0) as running:
        status, headers, body = ask(running, "HEAD", "/events")
    assert status == 200
    assert headers["Content-Type"] == "text/event-stream"
    assert body == b""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("host", "private"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("0.0.0.0", False)],
    ids=["loopback", "loopback-other", "every-interface"],
)
def test_the_server_knows_whether_the_network_can_reach_it(host, private):
    with Server(Board(lambda _digest: None), host, 0) as running:
        assert running.private is private
