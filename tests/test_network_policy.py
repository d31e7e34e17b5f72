"""Which hosts images come from, and how long they may take: a real server on 127.0.0.1.

By default only public addresses are fetched; `--allow-private-hosts` (or the config key)
opens loopback and private ranges, never link-local or metadata addresses, and every
redirect hop is judged again. A slow or silent server costs each image at most its deadline
and a note's downloads at most the phase's; what does not arrive is a placeholder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from slidegen.policy.network import refusal

try:
    from tests.imageserver import ImageServer, png_bytes
    from tests.test_hostile import build, deck_of, run_cli, write_note
except ImportError:  # pytest run with tests/ as the root
    from imageserver import ImageServer, png_bytes  # type: ignore[no-redef]
    from test_hostile import build, deck_of, run_cli, write_note  # type: ignore[no-redef]


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with ImageServer() as srv:
        yield srv


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x.png", "http://2130706433/x.png", "http://0x7f000001/x.png",
    "http://017700000001/x.png", "http://127.1/x.png", "http://localhost/x.png",
    "http://[::1]/x.png", "http://[::ffff:127.0.0.1]/x.png", "http://0.0.0.0/x.png",
    "http://10.1.2.3/x.png", "http://192.168.0.1/x.png", "http://172.16.0.9/x.png",
    "http://100.64.0.1/x.png",
])
def test_loopback_and_private_hosts_are_refused_unless_allowed(url: str) -> None:
    assert refusal(url, allow_private=False)
    assert refusal(url, allow_private=True) is None


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[fe80::1]/",
    "http://2852039166/", "http://[::ffff:169.254.169.254]/", "http://100.100.100.200/",
])
def test_link_local_and_metadata_are_refused_always(url: str) -> None:
    for allow in (False, True):
        reason = refusal(url, allow_private=allow)
        assert reason and "metadata" in reason


def test_public_addresses_pass() -> None:
    assert refusal("https://93.184.215.14/x.png", allow_private=False) is None
    assert refusal("https://[2606:4700::1111]/x.png", allow_private=False) is None


def urls_note(server: ImageServer) -> str:
    port = server.base.rsplit(":", 1)[1]
    good = server.add("a.png", png_bytes(60, 40))
    server.redirects["meta"] = "http://169.254.169.254/latest/meta-data/x.png"
    server.redirects["other"] = f"http://127.0.0.2:{port}/ok/a.png"
    return "\n\n".join([
        "# Hosts",
        f"![direct]({good})",  # 3
        f"![number](http://2130706433:{port}/ok/a.png)",  # 5
        f"![via redirect to metadata]({server.url('redirect', 'meta')})",  # 7
        f"![via redirect to 127.0.0.2]({server.url('redirect', 'other')})",  # 9
        "![metadata](http://169.254.169.254/latest/meta-data/y.png)",  # 11
    ]) + "\n"


def test_private_hosts_are_not_fetched_by_default(tmp_path: Path, server: ImageServer) -> None:
    result = build(tmp_path, urls_note(server), offline=False, allow_private_hosts=False)
    deck_of(result)
    assert result.placeholders == 5 and result.pictures == 0
    refused = [w.line for w in result.warnings if "refused" in w.message]
    assert refused == [3, 5, 7, 9, 11]
    assert sum(server.requests.values()) == 0  # not one request reached the server


@pytest.mark.slow
def test_allowed_private_hosts_still_never_reach_metadata(tmp_path: Path,
                                                          server: ImageServer) -> None:
    result = build(tmp_path, urls_note(server), offline=False, allow_private_hosts=True)
    deck_of(result)
    assert result.pictures == 2 and result.placeholders == 3
    refused = {w.line: w.message for w in result.warnings if "refused" in w.message}
    assert sorted(refused) == [7, 11]
    assert "redirected to http://169.254.169.254" in refused[7]
    tried = [w.message for w in result.warnings if w.line == 9]  # allowed, but no one listens
    assert len(tried) == 1 and "could not connect" in tried[0]
    assert server.requests["/redirect/meta"] == 1


@pytest.mark.slow
def test_the_flag_and_the_config_key(tmp_path: Path, server: ImageServer) -> None:
    write_note(tmp_path / "notes", "web.md", f"# Web\n\n![a]({server.add('a.png', png_bytes())})\n")
    refused = run_cli("notes/web.md", "-o", "out", cwd=tmp_path)
    assert refused.returncode == 0 and "refused: 127.0.0.1 is a loopback" in refused.stderr
    allowed = run_cli("notes/web.md", "-o", "out", "--allow-private-hosts", cwd=tmp_path)
    assert allowed.returncode == 0 and "refused" not in allowed.stderr
    (tmp_path / "slidegen.yaml").write_text("allow_private_hosts: true\n")  # the current folder
    configured = run_cli("notes/web.md", "-o", "out2", cwd=tmp_path)
    assert "refused" not in configured.stderr, configured.stderr


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_dripping_server_gives_a_placeholder_at_the_deadline(tmp_path: Path,
                                                               server: ImageServer) -> None:
    server.drip_seconds = 0.2
    good = server.add("a.png", png_bytes())
    result = build(tmp_path, f"# Slow\n\n![drip]({server.url('drip', 'd.png')})\n\n![ok]({good})\n",
                   offline=False, deadline=1.0, retries=0)
    deck_of(result)
    assert result.pictures == 1 and result.placeholders == 1
    assert [w.line for w in result.warnings if "not complete after 1 s" in w.message] == [3]


@pytest.mark.slow
def test_the_fetch_phase_has_one_deadline(tmp_path: Path, server: ImageServer) -> None:
    """Twelve silent URLs, two at a time with a 1 s deadline each, would take 6 s: the
    phase stops at 2 s, and what did not arrive is a placeholder with a warning."""
    server.stall_seconds = 30
    lines = ["# Silent"] + [f"![s{i}]({server.url('stall', f's{i}.png')})" for i in range(12)]
    result = build(tmp_path, "\n\n".join(lines) + "\n", offline=False, deadline=1.0,
                   phase_deadline=2.0, jobs=2, retries=0)
    deck_of(result)
    assert result.placeholders == 12
    reasons = [w.message for w in result.warnings if "image" in w.message]
    assert any("downloads took over 2 s" in m for m in reasons), reasons
    assert len(reasons) == 12
