"""Builds the two example signature images of the Gooi sample (run once; the results are committed).

    python3 -m venv venv && venv/bin/pip install pillow==13.0.0
    venv/bin/python maak_handtekeningen.py

Each image is a regular wave, the word VOORBEELD across it and "voorbeeldhandtekening"
under it, drawn with Liberation Sans: plainly an example, never a real-looking person's
signature. Dark blue on white, 4-bit palette, so each file stays a few kilobytes.
"""
import math

from PIL import Image, ImageDraw, ImageFont

BOLD = "../../fonts/LiberationSans-Bold.ttf"
REGULAR = "../../fonts/LiberationSans-Regular.ttf"
INK = (31, 58, 110)
W, H = 420, 140


def signature(path, waves, phase):
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    points = [
        (x, 62 + 26 * math.sin(phase + x / W * waves * 2 * math.pi) * (0.4 + 0.6 * x / W))
        for x in range(10, W - 10, 3)
    ]
    d.line(points, fill=INK, width=4, joint="curve")
    d.line([(20, 108), (W - 20, 108)], fill=INK, width=2)
    big = ImageFont.truetype(BOLD, 40)
    small = ImageFont.truetype(REGULAR, 20)
    d.text((W // 2, 62), "VOORBEELD", font=big, fill=INK, anchor="mm")
    d.text((W // 2, 126), "voorbeeldhandtekening", font=small, fill=INK, anchor="mm")
    img.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(
        path, optimize=True, bits=4
    )


signature("eemnes-burgemeester.png", 3, 0.0)
signature("eemnes-secretaris.png", 2, 1.3)
