/**
 * Reads the QR code printed on a PDF the platform issued, as a phone's camera would: the PDF's
 * image (an RGB or grey pixel stream, Flate-compressed, with or without PNG predictors) is
 * decoded to pixels and handed to jsQR. Only what pdfkit writes is understood.
 */
import zlib from 'node:zlib';
import jsQR from 'jsqr';

interface PdfImage {
  width: number;
  height: number;
  colors: number;
  pixels: Buffer;
}

export function imagesOf(pdf: Buffer): PdfImage[] {
  const text = pdf.toString('latin1');
  const images: PdfImage[] = [];
  const dictionary = /<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>)*)>>\s*stream\r?\n/g;
  for (let m = dictionary.exec(text); m; m = dictionary.exec(text)) {
    const dict = m[1]!;
    if (!/\/Subtype\s*\/Image/.test(dict)) continue;
    const length = Number(/\/Length\s+(\d+)/.exec(dict)?.[1]);
    const width = Number(/\/Width\s+(\d+)/.exec(dict)?.[1]);
    const height = Number(/\/Height\s+(\d+)/.exec(dict)?.[1]);
    const colors = /\/ColorSpace\s*\/DeviceRGB/.test(dict) ? 3 : 1;
    const start = m.index + m[0].length;
    let data: Buffer = zlib.inflateSync(pdf.subarray(start, start + length));
    const predictor = Number(/\/Predictor\s+(\d+)/.exec(dict)?.[1] ?? 1);
    if (predictor >= 10) data = unfilterPng(data, width, height, colors);
    images.push({ width, height, colors, pixels: data });
  }
  return images;
}

/** The text of the first QR code found on the PDF's images, or null. */
export function qrTextOf(pdf: Buffer): string | null {
  for (const image of imagesOf(pdf).filter((i) => i.colors === 3 || i.width > 0)) {
    const rgba = new Uint8ClampedArray(image.width * image.height * 4);
    for (let p = 0; p < image.width * image.height; p++) {
      const [r, g, b] = image.colors === 3 ? [image.pixels[p * 3]!, image.pixels[p * 3 + 1]!, image.pixels[p * 3 + 2]!] : [image.pixels[p]!, image.pixels[p]!, image.pixels[p]!];
      rgba.set([r, g, b, 255], p * 4);
    }
    const code = jsQR(rgba, image.width, image.height);
    if (code) return code.data;
  }
  return null;
}

function unfilterPng(data: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= bpp ? out[(y - 1) * stride + x - bpp]! : 0;
      const raw = row[x]!;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const value = filter === 0 ? raw : filter === 1 ? raw + left : filter === 2 ? raw + up : filter === 3 ? raw + ((left + up) >> 1) : raw + paeth();
      out[y * stride + x] = value & 0xff;
    }
  }
  return out;
}
