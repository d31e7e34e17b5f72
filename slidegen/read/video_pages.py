"""Where a video embedded by its id is watched: the address its site gives it. Jekyll's video
includes, Hugo's and HackMD's embeds all become a line with this link."""

from __future__ import annotations

VIDEO_PAGES = {  # provider → (label, the address of a video's page, `{}` its id)
    "youtube": ("YouTube", "https://www.youtube.com/watch?v={}"),
    "vimeo": ("Vimeo", "https://vimeo.com/{}"),
    "bilibili": ("Bilibili", "https://www.bilibili.com/video/{}"),
    "twitch": ("Twitch", "https://www.twitch.tv/videos/{}"),
    "google-drive": ("Google Drive", "https://drive.google.com/file/d/{}/view"),
}
