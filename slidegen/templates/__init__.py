"""Templates (.pptx/.potx/.pptm/.potm) read for planning without python-pptx.

`read_template(path)` gives a `Template`: slide size, colour and font schemes, and for every
layout its placeholders (box and inherited text look) and artwork (bands, pictures, logos);
which layout each slide kind uses. `template_theme` is the theme it implies, and
`clean_package` the file as a plain presentation with no slides, which the renderer opens.
"""

from slidegen.templates.look import template_theme
from slidegen.templates.model import Artwork, Layout, Placeholder, Template, TextLook
from slidegen.templates.reader import clean_package, read_template

__all__ = ["Artwork", "Layout", "Placeholder", "Template", "TextLook", "clean_package",
           "read_template", "template_theme"]
