"""Download images over HTTP(S) with a persistent, revalidating cache.

One shared httpx client behind hishel's RFC 9111 cache (SQLite in the user's cache folder):
a second build revalidates with ETag/Last-Modified instead of downloading again, and
`offline` answers only from that cache. Downloads run in parallel, bounded by `jobs`, and
every failure becomes a short reason instead of an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path

import httpx
import platformdirs
from hishel import CacheOptions, SqliteStorage
from hishel.httpx import CacheTransport

from slidegen.images.pinned import PinnedBackend, PinnedCacheClient
from slidegen.policy.network import Refused, Resolver, judge_url, system_resolver
from slidegen.records import record

USER_AGENT = "slidegen/0.1 (+https://github.com/; image fetcher)"
OFFLINE_HEADER = "x-slidegen-offline"
CACHE_DB = "images-v2.db"
MAX_BACKOFF = 2.0
MAX_RETRY_AFTER = 5.0


@record(frozen=True)
class Fetched:
    """The body of one URL, or why there is none."""

    url: str
    data: bytes | None
    reason: str = ""
    hint: str = ""
    from_cache: bool = False


@record(frozen=True)
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
    deadline: float = 10.0  # one image, all tries: connect, redirects and every byte
    phase_deadline: float = 10.0  # all images of a note together
    allow_private_hosts: bool = False  # loopback and private addresses (see policy.network)


def default_cache_dir() -> Path:
    """Where downloads persist between builds: the platform's user cache folder."""
    return platformdirs.user_cache_path("slidegen") / "http"


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
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

    def __init__(self, settings: FetchSettings, resolve: Resolver = system_resolver) -> None:
        self.settings = settings
        self.resolve = resolve  # host names to addresses, for the policy and the connections
        self.stopped = False  # set when the phase's deadline passes: late downloads give up
        cache_dir = settings.cache_dir or default_cache_dir()
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.storage = SqliteStorage(database_path=cache_dir / CACHE_DB)
        rfc = CacheOptions(shared=False)
        common: dict[str, object] = {
            "timeout": httpx.Timeout(settings.timeout),
            "follow_redirects": False,  # each hop is judged by the network policy first
            "headers": {"User-Agent": USER_AGENT},
            "limits": httpx.Limits(max_connections=max(settings.jobs, 1) * 2),
        }
        # The cache-only client answers offline builds, and online ones whose server is down.
        stale = CacheOptions(shared=False, allow_stale=True)
        transport = CacheTransport(_OfflineTransport(), storage=self.storage, rfc=stale)
        self.cache_only = httpx.Client(transport=transport, trust_env=False, **common)  # type: ignore[arg-type]
        self.client: httpx.Client = self.cache_only
        if not settings.offline:
            backend = PinnedBackend(settings.allow_private_hosts, resolve)
            self.client = PinnedCacheClient(backend, self.storage, rfc, trust_env=True,
                                            **common)  # type: ignore[arg-type]

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the network client; its transport closes the shared storage too."""
        self.client.close()
        if self.client is not self.cache_only:
            self.cache_only.close()

    def _once(self, url: str, deadline: float, client: httpx.Client | None = None) -> Fetched:
        """One attempt, redirects followed hop by hop; raises _Retryable for what may pass."""
        s = self.settings
        client = client or self.client
        refresh = s.refresh and client is not self.cache_only
        headers = {"Cache-Control": "no-cache"} if refresh else {}
        current = url
        try:
            for _hop in range(s.max_redirects + 1):
                if client is not self.cache_only:  # the cache reaches no host
                    judge_url(current, s.allow_private_hosts, self.resolve)
                timeout = httpx.Timeout(max(min(s.timeout, deadline - time.monotonic()), 0.01))
                with client.stream("GET", current, headers=headers, timeout=timeout) as response:
                    if response.is_redirect and response.headers.get("location"):
                        current = str(response.url.join(response.headers["location"]))
                        continue
                    return self._body(url, response, deadline)
            return Fetched(url, None, f"too many redirects (more than {s.max_redirects})",
                           "check the URL; the server redirects in a loop")
        except Refused as exc:  # judged here, or again when connecting (images/pinned.py)
            via = "" if current == url else f" (redirected to {current[:80]})"
            return Fetched(url, None, exc.reason + via, exc.hint)
        except (_TooLarge, _TooSlow, httpx.HTTPError, httpx.InvalidURL) as exc:
            return self._failure(url, exc, deadline)

    def _failure(self, url: str, exc: Exception, deadline: float) -> Fetched:
        """What a failed attempt tells the person; raises _Retryable if another try may pass."""
        s = self.settings
        if isinstance(exc, _TooLarge):
            size, exact = exc.args
            what = _human(size) if exact else f"over {_human(s.max_bytes)}"
            return Fetched(url, None, f"too large ({what}, limit {_human(s.max_bytes)})",
                           "use a smaller image or raise the size limit")
        if isinstance(exc, _TooSlow | httpx.TimeoutException):
            if isinstance(exc, _TooSlow) or time.monotonic() >= deadline:
                return Fetched(url, None, f"not complete after {s.deadline:g} s",
                               "the server is too slow; try again later or use a local copy")
            raise _Retryable(
                f"timed out after {s.timeout:g} s",
                "the server is slow or unreachable; try again or build with --offline",
            ) from exc
        if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
            return Fetched(url, None, f"bad URL ({exc})", "fix the image URL")
        if isinstance(exc, httpx.ConnectError):
            raise _Retryable(
                "could not connect",
                "check the network, the proxy settings or the URL; or build with --offline",
            ) from exc
        if isinstance(exc, httpx.TransportError | httpx.DecodingError):
            raise _Retryable(f"connection failed ({type(exc).__name__})",
                             "try again later") from exc
        raise exc

    def _body(self, url: str, response: httpx.Response, deadline: float) -> Fetched:
        """The image's bytes from a final response, within the size limit and the deadline."""
        s = self.settings
        status = response.extensions.get("caching")
        from_cache = bool(status.get("from_cache")) if isinstance(status, dict) else False
        if response.headers.get(OFFLINE_HEADER):
            return Fetched(url, None, "offline and not cached",
                           "build once without --offline to fill the cache")
        code = response.status_code
        if code >= 400:
            reason = f"{code} {response.reason_phrase}".strip()
            if code >= 500 or code in (408, 429):
                raise _Retryable(reason, "the server failed; try again later",
                                 _retry_after(response))
            return Fetched(url, None, reason, "check the URL")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > s.max_bytes:
            raise _TooLarge(int(length), True)
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > s.max_bytes:
                raise _TooLarge(len(body), False)
            if time.monotonic() > deadline or self.stopped:
                raise _TooSlow
        return Fetched(url, bytes(body), from_cache=from_cache)

    def fetch(self, url: str) -> Fetched:
        """Download one URL with bounded retries and exponential backoff, all of it within
        the image's deadline."""
        s = self.settings
        deadline = time.monotonic() + s.deadline
        attempts = 1 + max(s.retries, 0)
        last = Fetched(url, None, "not fetched")
        tries = 0
        while tries < attempts and time.monotonic() < deadline and not self.stopped:
            tries += 1
            try:
                return self._once(url, deadline)
            except _Retryable as exc:
                last = Fetched(url, None, exc.reason, exc.hint)
                if tries < attempts:
                    wait = exc.wait if exc.wait is not None else s.backoff * 2 ** (tries - 1)
                    time.sleep(max(min(wait, MAX_BACKOFF, deadline - time.monotonic()), 0))
        if self.client is not self.cache_only:
            kept = self._once_quiet(url)
            if kept.data is not None:
                return kept  # the server is down, but an earlier download is better than nothing
        if tries > 1:
            return Fetched(url, None, f"{last.reason} ({tries} tries)", last.hint)
        return last

    def _once_quiet(self, url: str) -> Fetched:
        try:
            return self._once(url, time.monotonic() + self.settings.timeout, self.cache_only)
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
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slidegen-fetch")
        futures = {pool.submit(self.fetch, url): url for url in unique}
        try:
            for future in as_completed(futures, timeout=self.settings.phase_deadline):
                results[futures[future]] = fetched = _outcome(future, futures[future])
                if on_done:
                    on_done(fetched)
        except TimeoutError:  # the phase's deadline: what has not arrived is left out
            self.stopped = True
            for url in unique:
                if url not in results:
                    results[url] = Fetched(
                        url, None, f"not fetched: the note's downloads took over "
                        f"{self.settings.phase_deadline:g} s", "build again: what did arrive "
                        "is cached, so the next build gets further")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # late threads end at their deadline
        return results


def _outcome(future: Future[Fetched], url: str) -> Fetched:
    try:
        return future.result()
    except Exception as exc:  # a bug or an odd library error must not cost the deck
        return Fetched(url, None, f"download failed ({type(exc).__name__}: {exc})",
                       "try again; report it if it persists")
