"""Draw the diagrams used by notes/container-basics.md.

Run from anywhere: ``python notes/images/make_diagrams.py``. The PNGs are written next to
this script. Everything is drawn 2x supersampled and scaled down so edges stay smooth, and
the output is byte-for-byte the same on every run (no timestamps, fixed palette quantising),
so regenerating does not create noisy diffs.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent
SS = 2  # supersampling factor: draw at SS x, downscale once at the end

NAVY = "#0B3C5D"
BLUE = "#1D7FB8"
SKY = "#7FB8DC"
ACCENT = "#F2A541"
LIGHT = "#E8EEF3"
PALE = "#F5F8FA"
GREY = "#5B6B78"
WHITE = "#FFFFFF"
TEAL = "#2A9D8F"

Point = tuple[float, float]


@cache
def font_path(bold: bool) -> str:
    """Find the Noto Sans CJK collection through fontconfig so other distros work too."""
    style = "bold" if bold else "regular"
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"Noto Sans CJK KR:{style}"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if not out or "CJK" not in out:
        sys.exit("make_diagrams: 'Noto Sans CJK KR' not found; install fonts-noto-cjk")
    return out


@cache
def kr_index(path: str) -> int:
    """A .ttc holds JP/KR/SC/TC faces; pick the Korean one by name, not by a magic number."""
    for i in range(16):
        try:
            family, _ = ImageFont.truetype(path, 10, index=i).getname()
        except OSError:
            break
        if family == "Noto Sans CJK KR":
            return i
    sys.exit(f"make_diagrams: no 'Noto Sans CJK KR' face in {path}")


@cache
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """Font at logical size (px in the final image)."""
    path = font_path(bold)
    return ImageFont.truetype(path, size * SS, index=kr_index(path))


@dataclass
class Canvas:
    """A supersampled drawing surface that speaks in final-image pixels."""

    width: int
    height: int

    def __post_init__(self) -> None:
        self.img = Image.new("RGB", (self.width * SS, self.height * SS), WHITE)
        self.draw = ImageDraw.Draw(self.img)

    @staticmethod
    def _s(*v: float) -> list[int]:
        return [round(x * SS) for x in v]

    def shadow(self, x: float, y: float, w: float, h: float, r: float) -> None:
        """Soft drop shadow: blur a small mask around the box and tint it navy."""
        pad = 24
        mw, mh = self._s(w + 2 * pad, h + 2 * pad)
        mask = Image.new("L", (mw, mh), 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            self._s(pad, pad + 6, pad + w, pad + h + 6), radius=r * SS, fill=40
        )
        mask = mask.filter(ImageFilter.GaussianBlur(10 * SS))
        tint = Image.new("RGB", (mw, mh), NAVY)
        ox, oy = self._s(x - pad, y - pad)
        self.img.paste(tint, (ox, oy), mask)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str = "",
        fill: str = LIGHT,
        color: str = NAVY,
        size: int = 30,
        outline: str | None = None,
        radius: float = 18,
        bold: bool = True,
        shadow: bool = True,
        dashed: bool = False,
        width: float = 3,
    ) -> None:
        """Rounded box with centred (multi-line) text."""
        if shadow:
            self.shadow(x, y, w, h, radius)
        self.draw.rounded_rectangle(
            self._s(x, y, x + w, y + h),
            radius=radius * SS,
            fill=fill,
            outline=None if dashed else outline,
            width=round(width * SS),
        )
        if dashed and outline:
            self.dashed_rect(x, y, w, h, outline, width)
        if text:
            self.text(x + w / 2, y + h / 2, text, size=size, color=color, bold=bold)

    def dashed_rect(self, x: float, y: float, w: float, h: float, color: str, width: float) -> None:
        """Dashed outline (straight edges; corners stay open, which reads as 'boundary')."""
        dash, gap = 18, 12
        for (x0, y0), (x1, y1) in (
            ((x, y), (x + w, y)),
            ((x + w, y), (x + w, y + h)),
            ((x + w, y + h), (x, y + h)),
            ((x, y + h), (x, y)),
        ):
            length = abs(x1 - x0) + abs(y1 - y0)
            dx, dy = (x1 - x0) / length, (y1 - y0) / length
            t = 0.0
            while t < length:
                e = min(t + dash, length)
                self.draw.line(
                    self._s(x0 + dx * t, y0 + dy * t, x0 + dx * e, y0 + dy * e),
                    fill=color, width=round(width * SS),
                )
                t += dash + gap

    def text(
        self,
        cx: float,
        cy: float,
        text: str,
        size: int = 30,
        color: str = NAVY,
        bold: bool = True,
        anchor: str = "mm",
    ) -> None:
        """Text centred on (cx, cy); lines split on '\\n'."""
        f = font(size, bold)
        self.draw.multiline_text(
            self._s(cx, cy), text, font=f, fill=color, anchor=anchor,
            align="center" if anchor[0] == "m" else "left", spacing=round(size * 0.3 * SS),
        )

    def text_width(self, text: str, size: int, bold: bool = True) -> float:
        """Width in final pixels, to check labels fit their boxes."""
        return self.draw.textlength(text, font=font(size, bold)) / SS

    def arrow(
        self, p0: Point, p1: Point, color: str = GREY, width: float = 5, head: float = 20
    ) -> None:
        """Straight arrow from p0 to p1 with a filled triangular head."""
        (x0, y0), (x1, y1) = p0, p1
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        bx, by = x1 - ux * head, y1 - uy * head
        self.draw.line(self._s(x0, y0, bx, by), fill=color, width=round(width * SS))
        px, py = -uy * head * 0.6, ux * head * 0.6
        self.draw.polygon(self._s(x1, y1, bx + px, by + py, bx - px, by - py), fill=color)

    def line(self, pts: list[Point], color: str = GREY, width: float = 4) -> None:
        """Polyline in final-pixel coordinates."""
        flat = [c for p in pts for c in p]
        self.draw.line(self._s(*flat), fill=color, width=round(width * SS), joint="curve")

    def save(self, name: str) -> Path:
        """Downscale, quantise to a fixed-size palette and write a small, stable PNG."""
        img = self.img.resize((self.width, self.height), Image.Resampling.LANCZOS)
        img = img.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        path = OUT / name
        img.save(path, optimize=True)
        return path


def container_box() -> Path:
    """(1) A container = app + libraries + runtime packed together, runs on any host."""
    c = Canvas(1400, 1200)
    c.text(700, 70, "컨테이너 = 실행에 필요한 모든 것을 한 상자에", size=46)
    # the container boundary
    c.box(260, 150, 880, 640, fill=PALE, outline=BLUE, radius=30, dashed=True, shadow=False)
    c.box(290, 125, 250, 54, "Container", fill=BLUE, color=WHITE, size=30, radius=27)
    rows = [
        ("App code  ·  애플리케이션 코드", ACCENT, NAVY),
        ("Libraries / Dependencies  ·  라이브러리", BLUE, WHITE),
        ("Runtime  ·  Python, Node.js, JVM", NAVY, WHITE),
        ("Config  ·  환경 변수, 설정 파일", SKY, NAVY),
    ]
    y = 230
    for label, fill, color in rows:
        c.box(330, y, 740, 110, label, fill=fill, color=color, size=34)
        y += 135
    # one image, many hosts
    c.arrow((700, 800), (700, 890), color=NAVY, width=6, head=24)
    hosts = ["노트북\nLaptop", "사내 서버\nOn-prem", "클라우드\nCloud"]
    for i, h in enumerate(hosts):
        x = 130 + i * 400
        c.box(x, 910, 340, 150, h, fill=LIGHT, size=34)
    c.text(700, 1130, "어디서 실행해도 같은 동작  —  \"내 PC에선 되는데\" 해결", size=32,
           color=GREY, bold=False)
    return c.save("container-box.png")


def stacks() -> Path:
    """(2) Bare metal vs VM vs container, as layer stacks side by side."""
    c = Canvas(1800, 700)
    cols = [("Bare metal", 60), ("Virtual Machine", 640), ("Container", 1220)]
    colw = 520
    for title, x in cols:
        c.text(x + colw / 2, 55, title, size=40)
    base_h, gap = 80, 12
    bottom = 560

    def layer(x: float, level: int, label: str, fill: str, color: str = WHITE,
              w: float = colw) -> None:
        y = bottom - (level + 1) * base_h - level * gap
        c.box(x, y, w, base_h, label, fill=fill, color=color, size=30, radius=14)

    # bare metal: one OS, apps share everything
    x = cols[0][1]
    layer(x, 0, "Hardware", NAVY)
    layer(x, 1, "Host OS", BLUE)
    layer(x, 2, "Libraries (공유)", SKY, NAVY)
    layer(x, 3, "App A", ACCENT, NAVY, w=(colw - gap) / 2)
    layer(x + (colw + gap) / 2, 3, "App B", ACCENT, NAVY, w=(colw - gap) / 2)
    # VM: hypervisor + full guest OS per app
    x = cols[1][1]
    half = (colw - gap) / 2
    layer(x, 0, "Hardware", NAVY)
    layer(x, 1, "Hypervisor", TEAL)
    for i, app in enumerate(("App A", "App B")):
        xx = x + i * (half + gap)
        layer(xx, 2, "Guest OS", BLUE, w=half)
        layer(xx, 3, "Libraries", SKY, NAVY, w=half)
        layer(xx, 4, app, ACCENT, NAVY, w=half)
    # container: shared host kernel, engine, thin per-app layers
    x = cols[2][1]
    layer(x, 0, "Hardware", NAVY)
    layer(x, 1, "Host OS (커널 공유)", BLUE)
    layer(x, 2, "Container Engine", TEAL)
    for i, app in enumerate(("App A", "App B")):
        xx = x + i * (half + gap)
        layer(xx, 3, "Libraries", SKY, NAVY, w=half)
        layer(xx, 4, app, ACCENT, NAVY, w=half)
    # one-line verdict under each stack
    captions = [("격리 약함 · 배포 느림", GREY), ("OS 통째로 · 분 단위 부팅", GREY),
                ("가볍게 · 초 단위 시작", BLUE)]
    for (x_col, (cap, col)) in zip((x for _, x in cols), captions, strict=True):
        c.text(x_col + colw / 2, bottom + 70, cap, size=32, color=col, bold=col == BLUE)
    return c.save("bare-vm-container.png")


def layers() -> Path:
    """(3) An image is a stack of read-only layers; a container adds one thin R/W layer."""
    c = Canvas(1400, 1080)
    c.text(700, 60, "Image = 읽기 전용 layer의 stack", size=46)
    rows = [
        ("FROM python:3.12-slim", "base image", NAVY, WHITE),
        ("RUN pip install -r requirements.txt", "의존성", BLUE, WHITE),
        ("COPY . /app", "소스 코드", BLUE, WHITE),
        ("CMD [\"python\", \"app.py\"]", "메타데이터", SKY, NAVY),
    ]
    x, w, h, gap = 110, 860, 124, 24
    y0 = 140 + 5 * h + 4 * gap  # bottom of the lowest layer
    ys = []
    for i, (cmd, note, fill, color) in enumerate(rows):
        y = y0 - (i + 1) * h - i * gap
        ys.append(y)
        c.box(x, y, w, h, fill=fill, radius=16)
        c.text(x + 40, y + h / 2, cmd, size=34, color=color, anchor="lm")
        c.text(x + w + 36, y + h / 2, f"L{i + 1}  {note}", size=32, color=GREY, anchor="lm",
               bold=False)
    # writable container layer on top
    top = ys[-1] - gap - h
    c.box(x, top, w, h, fill="#FFF4E3", outline=ACCENT, dashed=True, shadow=False, radius=16)
    c.text(x + 40, top + h / 2, "Container layer  (read / write)", size=34, color=NAVY,
           anchor="lm")
    c.text(x + w + 36, top + h / 2, "컨테이너 삭제 시\n함께 사라짐", size=30, color="#B36B00",
           anchor="lm", bold=False)
    # bracket marking the read-only part
    bx = 70
    c.line([(bx + 22, ys[-1]), (bx, ys[-1]), (bx, y0), (bx + 22, y0)], color=NAVY, width=5)
    c.text(700, y0 + 60, "아래 4개 layer = image (read-only, 여러 컨테이너가 공유)", size=32,
           color=NAVY, bold=False)
    c.text(700, y0 + 115, "바뀐 layer부터만 다시 빌드 → build cache", size=32, color=BLUE)
    return c.save("image-layers.png")


def monolith_vs_micro() -> Path:
    """(4) Monolith: one deployable + one DB; microservices: small services, own data."""
    c = Canvas(1800, 860)
    c.text(430, 60, "Monolith  ·  모놀리식", size=40)
    c.text(1340, 60, "Microservices  ·  MSA", size=40)
    c.line([(880, 120), (880, 820)], color=LIGHT, width=4)
    # monolith: one big box with modules inside
    c.box(80, 130, 700, 470, fill=PALE, outline=NAVY, width=4, radius=26)
    c.text(430, 180, "하나의 애플리케이션 (한 번에 배포)", size=30, color=NAVY)
    mods = ["UI", "주문", "결제", "재고", "회원", "배송"]
    for i, m in enumerate(mods):
        mx = 130 + (i % 3) * 210
        my = 240 + (i // 3) * 170
        c.box(mx, my, 180, 130, m, fill=BLUE, color=WHITE, size=34, shadow=False, radius=14)
    c.arrow((430, 600), (430, 670), color=NAVY)
    c.box(280, 680, 300, 110, "공유 DB", fill=NAVY, color=WHITE, size=34, radius=55)
    # microservices
    c.box(1090, 130, 500, 90, "API Gateway", fill=TEAL, color=WHITE, size=34)
    svcs = ["주문", "결제", "재고", "회원"]
    sw, sgap = 170, 36
    sx0 = 1340 - (4 * sw + 3 * sgap) / 2
    for i, s in enumerate(svcs):
        sx = sx0 + i * (sw + sgap)
        c.arrow((1340, 220), (sx + sw / 2, 330), color=GREY, width=4, head=18)
        c.box(sx, 340, sw, 130, s, fill=ACCENT, color=NAVY, size=34, radius=14)
        c.arrow((sx + sw / 2, 470), (sx + sw / 2, 560), color=NAVY, width=4, head=18)
        c.box(sx + 25, 570, sw - 50, 90, "DB", fill=NAVY, color=WHITE, size=30, radius=45)
    c.text(1340, 740, "서비스별 독립 배포 · 독립 확장\n팀 단위로 소유", size=30, color=GREY,
           bold=False)
    return c.save("monolith-vs-msa.png")


def aws_map() -> Path:
    """(5) Where the AWS container services sit: pipeline → registry → orchestrator → compute."""
    c = Canvas(1800, 800)
    heads = [
        (60, 330, "빌드 · 배포"),
        (470, 330, "이미지 저장"),
        (880, 360, "오케스트레이션"),
        (1360, 380, "실행 환경 (Compute)"),
    ]
    for x, w, h in heads:
        c.text(x + w / 2, 60, h, size=32, color=GREY)
    # CodePipeline with its stages
    c.box(60, 130, 330, 560, fill=PALE, outline=BLUE, radius=24, shadow=False, dashed=True)
    c.text(225, 185, "CodePipeline", size=36)
    for i, st in enumerate(["Source", "Build", "Deploy"]):
        y = 250 + i * 150
        c.box(100, y, 250, 100, st, fill=LIGHT, size=32)
        if i:
            c.arrow((225, y - 50), (225, y - 4), color=BLUE, width=4, head=16)
    # ECR, fed by the Build stage
    c.box(470, 370, 330, 160, "Amazon ECR\n컨테이너 레지스트리", fill=ACCENT, color=NAVY, size=32)
    c.arrow((354, 450), (466, 450), color=NAVY)
    c.text(430, 418, "push", size=28, color=GREY, bold=False)
    # orchestrators pull from ECR
    c.box(880, 170, 360, 170, "Amazon ECS\nAWS 고유 · 단순함", fill=BLUE, color=WHITE, size=32)
    c.box(880, 480, 360, 170, "Amazon EKS\n관리형 Kubernetes", fill=BLUE, color=WHITE, size=32)
    c.arrow((800, 420), (876, 275), color=NAVY)
    c.arrow((800, 480), (876, 555), color=NAVY)
    c.text(846, 452, "pull", size=28, color=GREY, bold=False)
    # either orchestrator can launch on any compute option: draw it as a bus, not a web
    bus = 1295
    c.line([(1240, 255), (bus, 255)], color=GREY, width=4)
    c.line([(1240, 565), (bus, 565)], color=GREY, width=4)
    c.line([(bus, 210), (bus, 610)], color=GREY, width=4)
    comp = [
        ("AWS Fargate", "서버리스 · 서버 관리 X", ACCENT, NAVY),
        ("Amazon EC2", "직접 고르는 인스턴스", LIGHT, NAVY),
        ("AWS Outposts", "온프레미스 · 하이브리드", LIGHT, NAVY),
    ]
    for i, (name, sub, fill, color) in enumerate(comp):
        y = 130 + i * 200
        c.box(1360, y, 380, 160, f"{name}\n{sub}", fill=fill, color=color, size=30)
        c.arrow((bus, y + 80), (1356, y + 80), color=GREY, width=4, head=16)
    c.text(900, 750, "ECR에 올린 image를 ECS/EKS가 받아 Fargate · EC2 · Outposts에서 실행",
           size=30, color=NAVY, bold=False)
    return c.save("aws-container-services.png")


def build_flow() -> Path:
    """(6) Dockerfile → build → image → push → registry → pull/run → container."""
    c = Canvas(1800, 480)
    c.text(900, 60, "Docker 작업 흐름: build → push → run", size=40)
    steps = [
        ("Dockerfile", "레시피", LIGHT, NAVY),
        ("Image", "불변 패키지", BLUE, WHITE),
        ("Registry", "ECR · Docker Hub", ACCENT, NAVY),
        ("Container", "실행 중인 instance", NAVY, WHITE),
    ]
    verbs = ["build", "push", "pull · run"]
    w, h, gap = 290, 200, 190
    x0, y = (1800 - 4 * w - 3 * gap) / 2, 140
    for i, (name, sub, fill, color) in enumerate(steps):
        x = x0 + i * (w + gap)
        c.box(x, y, w, h, fill=fill, radius=24)
        c.text(x + w / 2, y + 75, name, size=38, color=color)
        c.text(x + w / 2, y + 135, sub, size=28, color=color, bold=False)
        if i < len(verbs):
            ax0, ax1 = x + w + 14, x + w + gap - 14
            c.arrow((ax0, y + h / 2 + 20), (ax1, y + h / 2 + 20), color=NAVY, width=6, head=24)
            c.box(ax0 + 10, y + h / 2 - 58, ax1 - ax0 - 20, 56, verbs[i], fill=WHITE,
                  outline=SKY, color=BLUE, size=28, shadow=False, radius=28, width=3)
    c.text(900, 420, "한 번 build한 image를 registry에 올리면, 어느 host에서든 pull 해서 같은 "
           "container를 실행", size=30, color=GREY, bold=False)
    return c.save("docker-build-flow.png")


def main() -> None:
    """Draw every diagram and report its size, so an oversized PNG is noticed at once."""
    for make in (container_box, stacks, layers, monolith_vs_micro, aws_map, build_flow):
        path = make()
        with Image.open(path) as im:
            print(f"{path.name}: {im.width}x{im.height}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
