"""Colour arithmetic for clinic branding: contrast, darker shades, tints.

Contrast follows WCAG 2: the relative luminance of sRGB colours, and the
ratio ``(L1 + 0.05) / (L2 + 0.05)``. Text needs at least 4.5:1 against the
page (WCAG AA for normal text).
"""

from __future__ import annotations

TEXT_CONTRAST = 4.5
PAPER = "#ffffff"


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str = PAPER) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_shade(color: str, minimum: float = TEXT_CONTRAST) -> str:
    """``color`` itself if it has ``minimum`` contrast on white, else the lightest darker shade that has."""
    if contrast(color) >= minimum:
        return color
    r, g, b = _rgb(color)
    low, high = 0.0, 1.0  # fraction of the colour kept; 0 is black
    for _ in range(24):
        mid = (low + high) / 2
        if contrast(_hex((r * mid, g * mid, b * mid))) >= minimum:
            low = mid
        else:
            high = mid
    shade = _hex((r * low, g * low, b * low))
    return shade if contrast(shade) >= minimum else "#000000"


def tint(color: str, strength: float) -> str:
    """``color`` laid over white paper at ``strength`` (1.0 is the colour itself)."""
    return _hex(tuple(255 + (c - 255) * strength for c in _rgb(color)))  # type: ignore[arg-type]
