"""Images: resolve, fetch (real HTTP on 127.0.0.1), cache and normalise."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage

from slidegen.diagnostics import Diagnostics
from slidegen.document import Callout, Document, Image, ListBlock, ListItem, Meta, Paragraph, Span
from slidegen.images import ImageOptions, ResolvedImage, collect_images, resolve_images
from slidegen.images.normalise import normalise
from slidegen.images.sites import find_site

try:  # tests/ may or may not be a package
    from tests.imageserver import ImageServer, png_bytes
except ImportError:
    from imageserver import ImageServer, png_bytes  # type: ignore[no-redef]

IMG_SRC = re.compile(r'<img src="([^"]+)"')


def doc_of(path: Path, srcs: list[tuple[str, int]]) -> Document:
    return Document(
        path, Meta(), [Image(src, f"alt {i}", line) for i, (src, line) in enumerate(srcs)]
    )


def seed_images(post: Path) -> list[tuple[str, int]]:
    """The <img> srcs of a note with their line numbers (the parser is not under test here)."""
    found = []
    for number, text in enumerate(post.read_text(encoding="utf-8").splitlines(), 1):
        found += [(m.group(1), number) for m in IMG_SRC.finditer(text)]
    return found


def run(doc: Document, **opts: object) -> tuple[dict[str, ResolvedImage], Diagnostics]:
    diagnostics = Diagnostics(str(doc.path))
    opts = {"allow_private_hosts": True, **opts}  # the test server is on 127.0.0.1
    result = resolve_images(doc, ImageOptions(**opts), diagnostics,  # type: ignore[arg-type]
                            find_site(doc.path.parent))
    return result, diagnostics


@pytest.fixture(autouse=True)
def _no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxy variables are honoured; the test server on 127.0.0.1 must be reached directly."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with ImageServer() as srv:
        yield srv


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "notes" / "note.md"
    path.parent.mkdir()
    path.write_text("# Note\n", encoding="utf-8")
    return path


# --- resolve -------------------------------------------------------------------------------


def test_seed_post_resolves_all_seven_offline_by_site_mapping(seed_post: Path, tmp_path: Path):
    srcs = seed_images(seed_post)
    assert len(srcs) == 7
    result, diagnostics = run(doc_of(seed_post, srcs), offline=True, cache_dir=tmp_path / "c")
    assert list(diagnostics) == []
    assert len(result) == 7
    for src, _line in srcs:
        got = result[src]
        assert got.origin == "site" and got.image is not None, (src, got.reason)
        local = seed_post.parent.parent / "assets" / "images" / src.rsplit("/", 1)[1]
        with PILImage.open(local) as im:
            assert (got.image.width, got.image.height) == im.size
        assert got.image.ext == "png"
    assert len({r.image.digest for r in result.values() if r.image}) == 7
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


@pytest.mark.parametrize(
    ("src", "why"),
    [
        ("../../etc/passwd", "outside the notes' folder"),
        ("/etc/passwd", "absolute path"),
        ("file:///etc/passwd", "file: URL"),
    ],
)
def test_local_files_outside_root_are_refused(note: Path, src: str, why: str):
    result, diagnostics = run(doc_of(note, [(src, 4)]))
    assert result[src].image is None
    assert result[src].reason.startswith("refused") and why in result[src].reason
    items = list(diagnostics)
    assert len(items) == 1
    assert str(items[0]).startswith(f"{note}:4: image {src}: refused")
    assert "--allow-local-files" in items[0].message


def test_allow_local_files_reads_absolute_paths(note: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere" / "pic.png"
    outside.parent.mkdir()
    outside.write_bytes(png_bytes(10, 8))
    srcs = [(str(outside), 2), (outside.as_uri(), 3), ("../elsewhere/pic.png", 4)]
    result, diagnostics = run(doc_of(note, srcs), allow_local_files=True)
    assert list(diagnostics) == []
    assert all(r.image is not None and r.origin == "local" for r in result.values())
    # /etc/passwd is allowed now, and is then simply not an image.
    result, diagnostics = run(doc_of(note, [("/etc/passwd", 9)]), allow_local_files=True)
    assert result["/etc/passwd"].reason == "not an image"
    assert len(diagnostics) == 1


def test_relative_percent_encoded_and_obsidian_names(tmp_path: Path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "topic" / "attachments").mkdir(parents=True)
    (vault / "media").mkdir()
    note = vault / "topic" / "n.md"
    note.write_text("x", encoding="utf-8")
    (vault / "topic" / "my diagram.png").write_bytes(png_bytes(11, 5))
    (vault / "topic" / "attachments" / "pasted.png").write_bytes(png_bytes(12, 5))
    (vault / "media" / "deep.png").write_bytes(png_bytes(13, 5))
    srcs = [("my%20diagram.png", 1), ("pasted.png", 2), ("deep.png", 3), ("nope.png", 4)]
    result, diagnostics = run(doc_of(note, srcs))
    assert [result[s].image.width for s, _ in srcs[:3]] == [11, 12, 13]  # type: ignore[union-attr]
    assert result["nope.png"].image is None and "not found" in result["nope.png"].reason
    assert [d.line for d in diagnostics] == [4]


def test_hugo_site_and_explicit_site_map(tmp_path: Path):
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "static" / "images").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/blog/"\n', encoding="utf-8")
    (site / "static" / "images" / "a.png").write_bytes(png_bytes(21, 7))
    other = tmp_path / "mirror"
    other.mkdir()
    (other / "b.png").write_bytes(png_bytes(22, 7))
    note = site / "content" / "posts" / "p.md"
    note.write_text("x", encoding="utf-8")
    srcs = [
        ("https://example.org/blog/images/a.png", 1),
        ("/blog/images/a.png", 2),
        ("/images/a.png", 3),
        ("https://cdn.example.com/pics/b.png", 4),
    ]
    site_map = {"https://cdn.example.com/pics": other}
    result, diagnostics = run(
        doc_of(note, srcs), offline=True, site_map=site_map, cache_dir=tmp_path / "c"
    )
    assert list(diagnostics) == []
    assert [result[s].origin for s, _ in srcs] == ["site"] * 4
    assert result[srcs[3][0]].image.width == 22  # type: ignore[union-attr]


def test_site_mapping_does_not_escape_the_site(seed_post: Path, tmp_path: Path):
    src = "https://smilejulie0812.github.io/../../../etc/passwd"
    result, diagnostics = run(doc_of(seed_post, [(src, 3)]), offline=True, cache_dir=tmp_path)
    assert result[src].image is None and result[src].origin != "site"
    assert len(diagnostics) == 1


def test_collect_images_finds_nested_images(note: Path):
    inner = Image("b.png", "", 3)
    doc = Document(
        note,
        Meta(),
        [
            Paragraph([Span("x")], 1),
            Image("a.png", "", 2),
            ListBlock(False, [ListItem([Paragraph([Span("y")], 3), inner], 3)], 3),
            Callout("note", [ListBlock(True, [ListItem([Image("c.png", "", 5)], 5)], 5)], 4),
        ],
    )
    assert [i.src for i in collect_images(doc)] == ["a.png", "b.png", "c.png"]


# --- fetch ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_fetch_success_then_cached_revalidation(server: ImageServer, note: Path, tmp_path: Path):
    server.cache_control = "no-cache"  # stored, but revalidated on every use
    url = server.add("a.png", png_bytes(64, 32))
    result, diagnostics = run(doc_of(note, [(url, 1)]), cache_dir=tmp_path / "c")
    got = result[url]
    assert got.image is not None and got.origin == "network"
    assert (got.image.width, got.image.height, got.image.ext) == (64, 32, "png")
    assert list(diagnostics) == [] and server.total_full() == 1
    result, _ = run(doc_of(note, [(url, 1)]), cache_dir=tmp_path / "c")
    assert result[url].origin == "cache" and result[url].image == got.image
    assert server.total_full() == 1 and server.total_not_modified() == 1


def test_each_failure_has_reason_and_one_warning(server: ImageServer, note: Path, tmp_path: Path):
    server.huge_bytes = 2 * 1024 * 1024
    cases = {
        server.url("missing", "x.png"): "404 Not Found",
        server.url("loop", "x.png"): "too many redirects",
        server.url("html", "x.png"): "not an image",
        server.url("truncated", "x.png"): "not a complete image",
        server.url("huge", "x.png"): "too large",
        server.url("bomb", "x.png"): "decompression bomb",
        "http://127.0.0.1:9/closed.png": "could not connect",
    }
    srcs = [(url, 10 + i) for i, url in enumerate(cases)]
    srcs.append((server.url("missing", "x.png"), 40))  # a second occurrence warns again
    result, diagnostics = run(
        doc_of(note, srcs), cache_dir=tmp_path / "c", retries=0, max_bytes=1024 * 1024, timeout=2
    )
    for url, reason in cases.items():
        assert result[url].image is None
        assert reason in result[url].reason, (url, result[url].reason)
    assert "got HTML" in result[server.url("html", "x.png")].reason
    lines = sorted(d.line or 0 for d in diagnostics)
    assert lines == sorted(line for _, line in srcs)
    for d in diagnostics:
        assert str(d).startswith(f"{note}:{d.line}: image http")
        assert "; " in d.message  # reason; what to do
    assert server.requests["/loop/x.png"] == 6  # the first request and 5 redirects


@pytest.mark.slow
def test_server_error_is_retried(server: ImageServer, note: Path, tmp_path: Path):
    server.add("f.png", png_bytes(8, 8))
    server.flaky_failures = 2
    url = server.url("flaky", "f.png")
    result, diagnostics = run(doc_of(note, [(url, 1)]), cache_dir=tmp_path / "c", retries=2)
    assert result[url].image is not None and list(diagnostics) == []
    assert server.requests["/flaky/f.png"] == 3


@pytest.mark.slow
def test_retries_are_bounded(server: ImageServer, note: Path, tmp_path: Path):
    server.flaky_failures = 100
    url = server.url("flaky", "g.png")
    result, diagnostics = run(doc_of(note, [(url, 1)]), cache_dir=tmp_path / "c", retries=2)
    assert result[url].reason == "500 Internal Server Error (3 tries)"
    assert server.requests["/flaky/g.png"] == 3 and len(diagnostics) == 1


@pytest.mark.slow
def test_stall_times_out(server: ImageServer, note: Path, tmp_path: Path):
    url = server.url("stall", "s.png")
    result, diagnostics = run(
        doc_of(note, [(url, 7)]), cache_dir=tmp_path / "c", timeout=1, retries=1
    )
    assert result[url].reason == "timed out after 1 s (2 tries)"
    assert server.requests["/stall/s.png"] == 2  # gave up after the retry, no third wait
    assert [d.line for d in diagnostics] == [7]


@pytest.mark.slow
def test_seed_copy_fetches_in_parallel_and_second_build_downloads_nothing(
    seed_post: Path, tmp_path: Path
):
    srcs = seed_images(seed_post)
    with ImageServer(latency=0.3) as srv:
        srv.cache_control = "no-cache"  # every later build revalidates (ETag -> 304)
        text = seed_post.read_text(encoding="utf-8")
        images = seed_post.parent.parent / "assets" / "images"
        for src, _ in srcs:
            name = src.rsplit("/", 1)[1]
            text = text.replace(src, srv.add(name, (images / name).read_bytes()))
        copy = tmp_path / "posts" / seed_post.name  # no _config.yml up the tree: nothing maps
        copy.parent.mkdir()
        copy.write_text(text, encoding="utf-8")
        doc = doc_of(copy, seed_images(copy))
        cache = tmp_path / "cache"

        cold, diagnostics = run(doc, cache_dir=cache)
        assert list(diagnostics) == []
        assert len(cold) == 7 and all(r.origin == "network" and r.image for r in cold.values())
        # each answer takes 0.3 s: the server saw several requests at once, not one by one
        assert srv.max_in_flight >= 4, f"at most {srv.max_in_flight} request(s) at a time"
        assert srv.total_full() == 7

        warm, _ = run(doc, cache_dir=cache)
        assert srv.total_full() == 7, "second build downloaded again"
        assert srv.total_not_modified() == 7
        assert all(r.origin == "cache" for r in warm.values())
        assert {s: r.image for s, r in warm.items()} == {s: r.image for s, r in cold.items()}

        before = sum(srv.requests.values())
        offline, diagnostics = run(doc, cache_dir=cache, offline=True)
        assert sum(srv.requests.values()) == before, "offline build touched the network"
        assert list(diagnostics) == [] and all(r.image for r in offline.values())


@pytest.mark.slow
def test_fresh_cache_hits_and_refresh(server: ImageServer, note: Path, tmp_path: Path):
    server.cache_control = "max-age=3600"
    url = server.add("r.png", png_bytes(9, 9))
    doc = doc_of(note, [(url, 1)])
    run(doc, cache_dir=tmp_path / "c")
    run(doc, cache_dir=tmp_path / "c")
    assert server.requests["/ok/r.png"] == 1  # fresh: no request at all
    result, _ = run(doc, cache_dir=tmp_path / "c", refresh=True)
    assert server.requests["/ok/r.png"] == 2 and server.total_not_modified() == 1
    assert result[url].image is not None


def test_offline_and_not_cached(server: ImageServer, note: Path, tmp_path: Path):
    url = server.add("o.png", png_bytes())
    result, diagnostics = run(doc_of(note, [(url, 5)]), cache_dir=tmp_path / "c", offline=True)
    assert result[url].reason == "offline and not cached"
    assert server.requests == {} and [d.line for d in diagnostics] == [5]


def test_data_url(note: Path):
    import base64

    src = "data:image/png;base64," + base64.b64encode(png_bytes(5, 4)).decode()
    result, diagnostics = run(doc_of(note, [(src, 1)]))
    assert result[src].image is not None and result[src].image.width == 5
    assert list(diagnostics) == []


# --- normalise -----------------------------------------------------------------------------


def encode(im: PILImage.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def test_exif_orientation_is_applied_and_jpeg_stays_jpeg():
    im = PILImage.new("RGB", (60, 20), (200, 10, 10))
    exif = PILImage.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = normalise(encode(im, "JPEG", exif=exif.tobytes()))
    assert out.image is not None
    assert (out.image.width, out.image.height, out.image.ext) == (20, 60, "jpg")
    with PILImage.open(io.BytesIO(out.image.data)) as back:
        assert back.format == "JPEG" and back.size == (20, 60)


def test_plain_jpeg_is_kept_byte_for_byte():
    data = encode(PILImage.new("RGB", (30, 20), (1, 2, 3)), "JPEG")
    out = normalise(data)
    assert out.image is not None and out.image.data == data and out.image.ext == "jpg"


def test_cmyk_jpeg_becomes_rgb_jpeg():
    out = normalise(encode(PILImage.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG"))
    assert out.image is not None and out.image.ext == "jpg"
    with PILImage.open(io.BytesIO(out.image.data)) as back:
        assert back.mode == "RGB"
        r, g, b = back.getpixel((8, 8))  # type: ignore[misc]
        assert r > 200 and g < 60 and b < 60


def test_16bit_png_becomes_8bit():
    im = PILImage.new("I;16", (10, 10))
    im.putpixel((0, 0), 65535)
    out = normalise(encode(im, "PNG"))
    assert out.image is not None and out.image.ext == "png"
    with PILImage.open(io.BytesIO(out.image.data)) as back:
        assert back.mode == "L" and back.getpixel((0, 0)) == 255 and back.getpixel((5, 5)) == 0


def test_animated_gif_first_frame_as_png():
    frames = [PILImage.new("RGB", (12, 12), c) for c in [(255, 0, 0), (0, 0, 255)]]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    out = normalise(data)
    assert out.image is not None and out.image.ext == "png"
    with PILImage.open(io.BytesIO(out.image.data)) as back:
        assert getattr(back, "n_frames", 1) == 1
        assert back.convert("RGB").getpixel((6, 6)) == (255, 0, 0)


@pytest.mark.parametrize("fmt", ["WEBP", "BMP", "TIFF"])
def test_other_formats_become_png(fmt: str):
    out = normalise(
        encode(
            PILImage.new("RGB", (14, 9), (0, 128, 0)),
            fmt,
            **({"lossless": True} if fmt == "WEBP" else {}),
        )
    )
    assert out.image is not None and out.image.ext == "png"
    assert (out.image.width, out.image.height) == (14, 9)
    assert out.image.data.startswith(b"\x89PNG")


def test_transparency_detection():
    clear = PILImage.new("RGBA", (10, 10), (0, 0, 0, 255))
    clear.putpixel((3, 3), (0, 0, 0, 0))
    opaque = PILImage.new("RGBA", (10, 10), (0, 0, 0, 255))
    palette = PILImage.new("P", (10, 10), 0)
    assert normalise(encode(clear, "PNG")).transparent is True
    assert normalise(encode(opaque, "PNG")).transparent is False
    assert normalise(encode(palette, "PNG", transparency=0)).transparent is True
    assert (
        normalise(
            encode(PILImage.new("RGBA", (6, 6), (9, 9, 9, 9)), "WEBP", lossless=True)
        ).transparent
        is True
    )


def test_plain_png_is_kept_byte_for_byte_and_checked_whole():
    """The path that skips decoding still refuses a PNG cut short or damaged anywhere."""
    im = PILImage.new("RGB", (64, 48))
    im.putdata([(x * 4 % 256, y * 5 % 256, 90) for y in range(48) for x in range(64)])
    data = encode(im, "PNG")
    for transparency in (True, False):
        out = normalise(data, find_transparency=transparency)
        assert out.image is not None and out.image.data == data
        assert (out.image.width, out.image.height, out.image.ext) == (64, 48, "png")
    idat = data.index(b"IDAT") + 8  # a byte inside the compressed pixels
    damaged = data[:idat] + bytes([data[idat] ^ 0xFF]) + data[idat + 1:]
    for bad in (data[: len(data) // 2], data[:-12], damaged):  # cut in the pixels, no IEND
        out = normalise(bad, find_transparency=False)
        assert out.image is None and out.reason == "not a complete image"


@pytest.mark.slow
def test_icons_and_badges_are_known_by_their_drawn_size():
    """`small` is of the picture as drawn: an SVG badge is rasterised large, but stays small."""
    assert normalise(encode(PILImage.new("RGBA", (64, 64)), "PNG"), find_transparency=False).small
    assert normalise(encode(PILImage.new("RGB", (120, 20)), "JPEG")).small  # a badge
    assert not normalise(encode(PILImage.new("RGB", (65, 65)), "PNG")).small
    assert not normalise(encode(PILImage.new("RGB", (800, 40)), "PNG")).small
    badge = normalise(b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="20">'
                      b'<rect width="90" height="20" stroke-width="2" fill="#4c1"/></svg>')
    assert badge.image is not None, badge.reason
    assert badge.small and badge.image.width > 90 and badge.drawn_width == 90
    assert normalise(encode(PILImage.new("RGB", (120, 20)), "PNG")).drawn_width == 120
    assert normalise(encode(PILImage.new("RGB", (800, 40)), "PNG")).drawn_width == 0
    drawing = normalise(b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="20">'
                        b'<rect width="9" height="9"/></svg>')
    assert drawing.image is not None and not drawing.small  # no size in pixels: not assumed


def test_png_orientation_in_exif_is_still_applied():
    exif = PILImage.Exif()
    exif[0x0112] = 6
    out = normalise(encode(PILImage.new("RGB", (60, 20)), "PNG", exif=exif.tobytes()),
                    find_transparency=False)
    assert out.image is not None and (out.image.width, out.image.height) == (20, 60)


@pytest.mark.slow
def test_large_images_are_downscaled_and_identical_ones_share_a_digest():
    data = encode(PILImage.new("RGB", (3000, 1000), (5, 5, 5)), "PNG")
    out = normalise(data)
    assert out.image is not None and (out.image.width, out.image.height) == (2560, 853)
    assert normalise(data).image.digest == out.image.digest  # type: ignore[union-attr]


@pytest.mark.slow
def test_svg_is_rasterised_or_explained():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" '
        b'height="50" fill="red"/></svg>'
    )
    out = normalise(svg)
    assert out.image is not None and out.image.width == 1600 and out.image.height == 800


@pytest.mark.slow
def test_server_down_falls_back_to_the_cached_copy(server: ImageServer, note: Path, tmp_path: Path):
    server.cache_control = "no-cache"
    server.flaky_failures = 0
    server.add("k.png", png_bytes(17, 3))
    url = server.url("flaky", "k.png")
    doc = doc_of(note, [(url, 2)])
    first, _ = run(doc, cache_dir=tmp_path / "c")
    server.flaky_failures = 1000  # from now on every request fails with 500
    again, diagnostics = run(doc, cache_dir=tmp_path / "c", retries=1)
    assert list(diagnostics) == []
    assert again[url].origin == "cache" and again[url].image == first[url].image
    assert server.requests["/flaky/k.png"] == 1 + 2  # the download, then two failed revalidations


@pytest.mark.slow
def test_progress_bar_does_not_disturb_results(server: ImageServer, note: Path, tmp_path: Path):
    urls = [server.add(f"p{i}.png", png_bytes(10 + i, 5)) for i in range(3)]
    result, diagnostics = run(
        doc_of(note, [(u, i) for i, u in enumerate(urls)]), cache_dir=tmp_path / "c", progress=True
    )
    assert [result[u].image.width for u in urls] == [10, 11, 12]  # type: ignore[union-attr]
    assert list(diagnostics) == []


def test_a_post_may_use_its_sites_other_folders_but_not_beyond(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "_config.yml").write_text('url: "https://blog.example"\n', encoding="utf-8")
    (site / "assets" / "a.png").write_bytes(png_bytes(40, 20))
    (tmp_path / "secret.png").write_bytes(png_bytes(40, 20))
    post = site / "_posts" / "2024-01-01-x.md"
    post.write_text("x\n", encoding="utf-8")
    result, diagnostics = run(doc_of(post, [("../assets/a.png", 3), ("../../secret.png", 4)]))
    assert result["../assets/a.png"].image is not None
    assert result["../../secret.png"].image is None
    assert "refused" in result["../../secret.png"].reason
    assert len(diagnostics) == 1
