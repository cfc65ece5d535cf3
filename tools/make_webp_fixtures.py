#!/usr/bin/env python3
"""Writes the WebP fixtures of ImageLoaderTest with libwebp (Debian's python3-pil), since Java has no WebP encoder.

  gradient-lossless.webp  48 x 32, pixel (x, y) = (5x, 7y, 3(x + y)) exactly (the test rebuilds it in Java)
  gradient-alpha.webp     the same, lossless, alpha 0 on the left half, 255 on the right
  sample-128.png          the sample photo at 128 x 128, the lossy encoder's input
  sample-lossy.webp       that, lossy at quality 80
  sample-lossy-libwebp.png  libwebp's own decoding of sample-lossy.webp, the reference for Java's decoder

Run from the project root: /usr/bin/python3 tools/make_webp_fixtures.py"""
from PIL import Image

OUT = 'core/src/test/resources/images/'
W, H = 48, 32
grad = Image.new('RGB', (W, H))
grad.putdata([(5 * x, 7 * y, 3 * (x + y)) for y in range(H) for x in range(W)])
grad.save(OUT + 'gradient-lossless.webp', lossless=True)
rgba = grad.convert('RGBA')
rgba.putalpha(Image.frombytes('L', (W, H), bytes(0 if x < W // 2 else 255 for y in range(H) for x in range(W))))
rgba.save(OUT + 'gradient-alpha.webp', lossless=True, exact=True)
small = Image.open('samples/grace_hopper_512x512.jpg').convert('RGB').resize((128, 128), Image.BILINEAR)
small.save(OUT + 'sample-128.png')
small.save(OUT + 'sample-lossy.webp', quality=80)
Image.open(OUT + 'sample-lossy.webp').convert('RGB').save(OUT + 'sample-lossy-libwebp.png')
