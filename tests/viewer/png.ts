/**
 * Test helper: a minimal PNG decoder (8-bit RGB/RGBA, not interlaced — what
 * Chromium's screenshots and canvas.toBlob write), so tests can check that a
 * canvas actually shows something without an image library.
 */
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export function decodePng(buf: Buffer): Image {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0,
    height = 0,
    colourType = 0,
    bitDepth = 0,
    interlace = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colourType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (bitDepth !== 8 || (colourType !== 6 && colourType !== 2) || interlace !== 0) {
    throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${colourType}, interlace ${interlace})`);
  }
  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      out.set(
        [
          cur[x * channels]!,
          cur[x * channels + 1]!,
          cur[x * channels + 2]!,
          channels === 4 ? cur[x * channels + 3]! : 255
        ],
        (y * width + x) * 4
      );
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** Share of pixels that differ from the background, and how many distinct coarse colours they use. */
export function inkStats(
  image: Image,
  background: [number, number, number] = [255, 255, 255]
): { ink: number; colours: number } {
  let ink = 0;
  const colours = new Map<number, number>();
  const { rgba } = image;
  for (let i = 0; i < rgba.length; i += 4) {
    const dr = Math.abs(rgba[i]! - background[0]),
      dg = Math.abs(rgba[i + 1]! - background[1]),
      db = Math.abs(rgba[i + 2]! - background[2]);
    if (dr + dg + db < 30) continue;
    ink++;
    // 3 bits per channel: enough to tell the palette's hues apart, coarse enough to ignore antialiasing.
    const bucket = ((rgba[i]! >> 5) << 6) | ((rgba[i + 1]! >> 5) << 3) | (rgba[i + 2]! >> 5);
    colours.set(bucket, (colours.get(bucket) ?? 0) + 1);
  }
  // A colour counts when it covers a visible area, not just antialiased edges.
  const solid = [...colours.values()].filter((n) => n >= 40).length;
  return { ink: ink / (image.width * image.height), colours: solid };
}
