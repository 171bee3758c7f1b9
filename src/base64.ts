/** Base64 without Buffer, for every edge runtime. */

const BYTES_PER_CALL = 0x8000;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_CALL) {
    // Chunked: spreading millions of arguments at once overflows the call stack.
    binary += String.fromCharCode(...bytes.subarray(offset, offset + BYTES_PER_CALL));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Standard base64 as sent in JSON (whitespace allowed, padding required). */
export function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && BASE64_PATTERN.test(compact);
}

/** The URL- and identifier-safe alphabet (`-` and `_`, no padding). */
export function base64ToBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToBase64(base64Url: string): string {
  const standard = base64Url.replace(/-/g, '+').replace(/_/g, '/');
  return standard + '='.repeat((4 - (standard.length % 4)) % 4);
}
