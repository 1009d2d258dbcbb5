import QRCode from 'qrcode';

// Level M restores about 15% of the symbol: enough for a scuffed poster, still a small code
// (https://www.qrcode.com/en/about/error_correction.html). A four-module quiet zone is the standard's.
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export const QR_PNG_SIZES = { min: 128, max: 4096, default: 1024 } as const;

/** The link as a QR code in SVG: scales to any poster size. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: 'svg' });
}

/** The link as a QR code in PNG, `size` pixels wide. */
export function qrPng(url: string, size: number): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...OPTIONS, type: 'png', width: size });
}
