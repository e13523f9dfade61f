import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * What the app keeps in Neo4j is opaque to anyone who reads the database (the console included):
 * every key is an HMAC under the session secret, session contents are sealed with AES-256-GCM.
 * Instances that share the secret share state; instances with different secrets never meet
 * (each test app gets a random secret, so suites in one database stay apart).
 */
export class StateKeys {
  private readonly macKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(secret: string) {
    this.macKey = createHash('sha256').update(`egx-state-mac\0${secret}`).digest();
    this.sealKey = createHash('sha256').update(`egx-state-seal\0${secret}`).digest();
  }

  /** The stored id of a logical key (`sid:…`, `rate:console:user:alice`, …). */
  id(key: string): string {
    return createHmac('sha256', this.macKey).update(key).digest('base64url');
  }

  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The sealed text, or undefined when it was not sealed under this secret (or was altered). */
  open(sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
