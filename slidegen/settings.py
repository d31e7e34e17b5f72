"""One invocation's settings: the command line over the configuration file over the defaults.

A configuration file, theme or template that can't be used is a usage error (exit 2), found
before any note is built.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from slidegen.cli import EXIT_USAGE

if TYPE_CHECKING:
    from slidegen.config import Config
    from slidegen.pipeline import BuildOptions
    from slidegen.report import Reporter


def pick(given: bool | None, configured: bool | None) -> bool:
    """Command line over config file over off."""
    if given is not None:
        return given
    return bool(configured)


def load_settings(explicit: Path | None, files: list[Path], reporter: Reporter) -> Config:
    """The configuration file's settings; a mistake in it is a usage error (exit 2)."""
    from slidegen.config import Config, find_config, load_config
    from slidegen.diagnostics import SlidegenError

    path = explicit or find_config(files)
    if path is None:
        return Config()
    try:
        config = load_config(path)
    except SlidegenError as exc:
        usage_exit(reporter, str(exc))
    reporter.detail(f"config: {path}")
    return config


def usage_exit(reporter: Reporter, message: str) -> NoReturn:
    """Print a usage problem found after parsing (no click usage text) and exit 2."""
    reporter.error(message)
    sys.exit(EXIT_USAGE)


def build_options(files: list[Path], output: Path, theme: str | None, template: Path | None,
                  config: Config, reporter: Reporter, *, jobs: int, offline: bool,
                  refresh: bool, allow_local_files: bool, strict: bool,
                  write: bool, slide_level: int | None = None) -> BuildOptions:
    """BuildOptions from the merged settings; a theme or template that cannot be used is exit 2."""
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
            usage_exit(reporter, str(exc))
    extra: dict[str, Any] = {}
    template = template or config.template
    if template is not None:
        if "template" not in {f.name for f in dataclasses.fields(BuildOptions)}:
            raise click.UsageError("--template: this version of slidegen cannot use PowerPoint "
                                   "templates yet; use --theme")
        if not template.is_file():
            raise click.UsageError(f"--template {template}: no such file; check the path")
        extra["template"] = str(template)
    images = ImageOptions(offline=offline, refresh=refresh, allow_local_files=allow_local_files,
                          site_map=dict(config.site_map),
                          progress=reporter.interactive and not reporter.quiet and jobs == 1)
    options = BuildOptions(output=output, theme=theme, default_theme=config.theme, images=images,
                           strict=strict, write=write, slide_level=slide_level,
                           default_slide_level=config.slide_level, **extra)
    reporter.detail(f"output: {output}; theme: {theme or '(front matter)'} then "
                    f"{config.theme or 'default'}; jobs: {jobs}; offline: {offline}; "
                    f"strict: {strict}")
    return options
