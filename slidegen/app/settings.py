"""One invocation's settings: the command line over the configuration file over the defaults.

A configuration file, theme or template that can't be used raises `SettingsError` before any
note is built; the command line reports it as a usage error (exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from slidegen.app.usage import UsageError

if TYPE_CHECKING:
    from slidegen.app.config import Config
    from slidegen.app.report import Reporter
    from slidegen.pipeline import BuildOptions


class SettingsError(Exception):
    """A setting that cannot be used, as one line for the person who gave it."""


def pick(given: bool | None, configured: bool | None) -> bool:
    """Command line over config file over off."""
    if given is not None:
        return given
    return bool(configured)


def load_settings(explicit: Path | None, files: list[Path], reporter: Reporter) -> Config:
    """The configuration file's settings; a mistake in it raises SettingsError."""
    from slidegen.app.config import Config, find_config, limit_found_config, load_config
    from slidegen.diagnostics import SlidegenError
    from slidegen.policy.files import trusted_config

    path = explicit or find_config(files)
    if path is None:
        return Config()
    try:
        config = load_config(path)
    except SlidegenError as exc:
        raise SettingsError(str(exc)) from None
    reporter.detail(f"config: {path}")
    if not trusted_config(path, named=explicit is not None):
        for warning in limit_found_config(config):
            reporter.warning(warning)
    return config


def build_options(files: list[Path], output: Path, theme: str | None, template: Path | None,
                  config: Config, reporter: Reporter, *, jobs: int, offline: bool,
                  refresh: bool, allow_local_files: bool, strict: bool,
                  write: bool, slide_level: int | None = None,
                  allow_private_hosts: bool = False) -> BuildOptions:
    """BuildOptions from the merged settings; a theme that cannot be used raises SettingsError."""
    from slidegen.diagnostics import SlidegenError
    from slidegen.images import ImageOptions
    from slidegen.pipeline import BuildOptions
    from slidegen.theme import load_theme

    for ref in (theme, config.theme):
        if ref is None:
            continue
        try:
            load_theme(ref)
        except SlidegenError as exc:
            raise SettingsError(str(exc)) from None
    extra: dict[str, Any] = {}
    template = template or config.template
    if template is not None:
        if not template.is_file():
            raise UsageError(f"--template {template}: no such file; check the path")
        extra["template"] = str(template)
    images = ImageOptions(offline=offline, refresh=refresh, allow_local_files=allow_local_files,
                          allow_private_hosts=allow_private_hosts,
                          site_map=dict(config.site_map),
                          progress=reporter.interactive and not reporter.quiet and jobs == 1)
    options = BuildOptions(output=output, theme=theme, default_theme=config.theme, images=images,
                           strict=strict, write=write, slide_level=slide_level,
                           default_slide_level=config.slide_level, footer=config.footer,
                           **extra)
    reporter.detail(f"output: {output}; theme: {theme or '(front matter)'} then "
                    f"{config.theme or 'default'}; jobs: {jobs}; offline: {offline}; "
                    f"strict: {strict}")
    return options
