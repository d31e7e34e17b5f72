"""Download images over HTTP(S) with a persistent, revalidating cache.

One shared httpx client behind hishel's RFC 9111 cache (SQLite in the user's cache folder):
a second build revalidates with ETag/Last-Modified instead of downloading again, and
`offline` answers only from that cache. Downloads run in parallel, bounded by `jobs`, and
every failure becomes a short reason instead of an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import httpx
import platformdirs
from hishel import CacheOptions, SqliteStorage
from hishel.httpx import CacheClient, CacheTransport

USER_AGENT = "slidegen/0.1 (+https://github.com/; image fetcher)"
OFFLINE_HEADER = "x-slidegen-offline"
CACHE_DB = "images-v2.db"
MAX_BACKOFF = 2.0
MAX_RETRY_AFTER = 5.0


@dataclass(frozen=True)
class Fetched:
    """The body of one URL, or why there is none."""

    url: str
    data: bytes | None
    reason: str = ""
    hint: str = ""
    from_cache: bool = False


@dataclass(frozen=True)
class FetchSettings:
    """The parts of ImageOptions that fetching needs (kept separate so this module stands alone)."""

    cache_dir: Path | None = None
    offline: bool = False
    refresh: bool = False
    timeout: float = 10.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    jobs: int = 8
    backoff: float = 0.25


def default_cache_dir() -> Path:
    """Where downloads persist between builds: the platform's user cache folder."""
    return platformdirs.user_cache_path("slidegen") / "http"


class _TooLarge(Exception):
    pass


class _Retryable(Exception):
    def __init__(self, reason: str, hint: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint
        self.wait = wait


class _OfflineTransport(httpx.BaseTransport):
    """The network when offline: a revalidation is "not modified", anything else a miss."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if "if-none-match" in request.headers or "if-modified-since" in request.headers:
            return httpx.Response(304, request=request)
        return httpx.Response(504, headers={OFFLINE_HEADER: "1"}, request=request)


def _human(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return min(float(value), MAX_RETRY_AFTER)
    except ValueError:
        return None


class Fetcher:
    """A cache-backed HTTP client shared by all downloads of one build; use as a context manager."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        cache_dir = settings.cache_dir or default_cache_dir()
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.storage = SqliteStorage(database_path=cache_dir / CACHE_DB)
        rfc = CacheOptions(shared=False)
        common: dict[str, object] = {
            "timeout": httpx.Timeout(settings.timeout),
            "follow_redirects": True,
            "max_redirects": settings.max_redirects,
            "headers": {"User-Agent": USER_AGENT},
            "limits": httpx.Limits(max_connections=max(settings.jobs, 1) * 2),
        }
        # The cache-only client answers offline builds, and online ones whose server is down.
        stale = CacheOptions(shared=False, allow_stale=True)
        transport = CacheTransport(_OfflineTransport(), storage=self.storage, rfc=stale)
        self.cache_only = httpx.Client(transport=transport, trust_env=False, **common)  # type: ignore[arg-type]
        self.client: httpx.Client = self.cache_only
        if not settings.offline:
            self.client = CacheClient(storage=self.storage, rfc=rfc, trust_env=True, **common)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the network client; its transport closes the shared storage too."""
        self.client.close()
        if self.client is not self.cache_only:
            self.cache_only.close()

    def _once(self, url: str, client: httpx.Client | None = None) -> Fetched:
        """One attempt; raises _Retryable for what may pass on its own."""
        s = self.settings
        client = client or self.client
        refresh = s.refresh and client is not self.cache_only
        headers = {"Cache-Control": "no-cache"} if refresh else {}
        try:
            with client.stream("GET", url, headers=headers) as response:
                status = response.extensions.get("caching")
                from_cache = bool(status.get("from_cache")) if isinstance(status, dict) else False
                if response.headers.get(OFFLINE_HEADER):
                    return Fetched(
                        url,
                        None,
                        "offline and not cached",
                        "build once without --offline to fill the cache",
                    )
                code = response.status_code
                if code >= 400:
                    reason = f"{code} {response.reason_phrase}".strip()
                    if code >= 500 or code in (408, 429):
                        raise _Retryable(
                            reason, "the server failed; try again later", _retry_after(response)
                        )
                    return Fetched(url, None, reason, "check the URL")
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > s.max_bytes:
                    raise _TooLarge(int(length), True)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > s.max_bytes:
                        raise _TooLarge(len(body), False)
                return Fetched(url, bytes(body), from_cache=from_cache)
        except _TooLarge as exc:
            size, exact = exc.args
            what = _human(size) if exact else f"over {_human(s.max_bytes)}"
            return Fetched(
                url,
                None,
                f"too large ({what}, limit {_human(s.max_bytes)})",
                "use a smaller image or raise the size limit",
            )
        except httpx.TooManyRedirects:
            return Fetched(
                url,
                None,
                f"too many redirects (more than {s.max_redirects})",
                "check the URL; the server redirects in a loop",
            )
        except httpx.TimeoutException as exc:
            raise _Retryable(
                f"timed out after {s.timeout:g} s",
                "the server is slow or unreachable; try again or build with --offline",
            ) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return Fetched(url, None, f"bad URL ({exc})", "fix the image URL")
        except httpx.ConnectError as exc:
            raise _Retryable(
                "could not connect",
                "check the network, the proxy settings or the URL; or build with --offline",
            ) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _Retryable(
                f"connection failed ({type(exc).__name__})", "try again later"
            ) from exc

    def fetch(self, url: str) -> Fetched:
        """Download one URL with bounded retries and exponential backoff."""
        attempts = 1 + max(self.settings.retries, 0)
        last = Fetched(url, None, "not fetched")
        for attempt in range(attempts):
            try:
                return self._once(url)
            except _Retryable as exc:
                last = Fetched(url, None, exc.reason, exc.hint)
                if attempt + 1 < attempts:
                    wait = exc.wait if exc.wait is not None else self.settings.backoff * 2**attempt
                    time.sleep(min(wait, MAX_BACKOFF))
        if self.client is not self.cache_only:
            kept = self._once_quiet(url)
            if kept.data is not None:
                return kept  # the server is down, but an earlier download is better than nothing
        if attempts > 1:
            return Fetched(url, None, f"{last.reason} ({attempts} tries)", last.hint)
        return last

    def _once_quiet(self, url: str) -> Fetched:
        try:
            return self._once(url, self.cache_only)
        except _Retryable as exc:
            return Fetched(url, None, exc.reason, exc.hint)

    def fetch_all(
        self, urls: Iterable[str], on_done: Callable[[Fetched], None] | None = None
    ) -> dict[str, Fetched]:
        """Fetch each distinct URL once, `jobs` at a time."""
        unique = list(dict.fromkeys(urls))
        results: dict[str, Fetched] = {}
        if not unique:
            return results
        workers = max(1, min(self.settings.jobs, len(unique)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slidegen-fetch") as pool:
            futures = {pool.submit(self.fetch, url): url for url in unique}
            for future in as_completed(futures):
                url = futures[future]
                try:
                    fetched = future.result()
                except Exception as exc:  # a bug or an odd library error must not cost the deck
                    fetched = Fetched(
                        url,
                        None,
                        f"download failed ({type(exc).__name__}: {exc})",
                        "try again; report it if it persists",
                    )
                results[url] = fetched
                if on_done:
                    on_done(fetched)
        return results
