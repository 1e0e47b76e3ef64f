import type { Attributes } from '@opentelemetry/api';
import { maskBodyText } from './masking.js';

/** How much of each body a span keeps; the rest is counted, not kept, and the body is marked as cut. */
export const BODY_CAP_BYTES = 16 * 1024;

/** Keeps the first {@link BODY_CAP_BYTES} of a body that streams past, and counts all of it. */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly capBytes = BODY_CAP_BYTES) {}

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.total += bytes.length;
    if (this.kept >= this.capBytes) return;
    const part = bytes.subarray(0, this.capBytes - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  /**
   * The span attributes for this body: its text (base64 when it is not valid UTF-8), its whole
   * size, and whether it was cut. Nothing for an empty body.
   */
  attributes(names: { body: string; size: string; truncated: string; encoding: string }): Attributes {
    if (this.total === 0) return { [names.size]: 0 };
    const kept = Buffer.concat(this.chunks);
    const cut = this.total > kept.length;
    const text = utf8Text(kept, cut);
    return {
      [names.body]: text === undefined ? kept.toString('base64') : maskBodyText(text),
      [names.size]: this.total,
      [names.truncated]: cut,
      ...(text === undefined ? { [names.encoding]: 'base64' } : {}),
    };
  }
}

/**
 * The bytes as text when they are UTF-8 without control characters (other than tab and line
 * breaks); undefined for binary. A cut body may end inside a UTF-8 sequence: up to 3 bytes are
 * dropped from its end to find a whole one.
 */
function utf8Text(bytes: Buffer, mayEndMidSequence: boolean): string | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let trim = 0; trim <= (mayEndMidSequence ? 3 : 0); trim += 1) {
    try {
      const text = decoder.decode(bytes.subarray(0, bytes.length - trim));
      // eslint-disable-next-line no-control-regex
      return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text) ? undefined : text;
    } catch {
      // Not UTF-8 at this length.
    }
  }
  return undefined;
}

/** Cuts a JSON text (an ALB event or result) to `capBytes`, saying whether it was cut. */
export function capText(text: string, capBytes = BODY_CAP_BYTES * 2): { text: string; truncated: boolean } {
  if (Buffer.byteLength(text) <= capBytes) return { text, truncated: false };
  return { text: Buffer.from(text).subarray(0, capBytes).toString('utf8'), truncated: true };
}
