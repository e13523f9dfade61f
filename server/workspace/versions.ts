import { AppError, type ErrorBody } from '../errors';

/**
 * Optimistic concurrency for edits (docs/workspace.md): every entity and relationship has a
 * `version` (absent = 1); a write names the version it read in `If-Match`.
 */

/** The version of a stored element: absent (loader, seed, imports) reads as 1. */
export function versionOf(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The strong ETag of a version: `"3"`. */
export function etag(version: number): string {
  return `"${version}"`;
}

/** `If-Match: "3"` (quotes optional, `W/` tolerated) → 3; missing → 428; malformed → 400. */
export function parseIfMatch(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') throw preconditionRequired();
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m || Number(m[1]) < 1) {
    throw new AppError(
      400,
      'INVALID_IF_MATCH',
      `If-Match: expected the version you read, e.g. "3"; got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return Number(m[1]);
}

export function preconditionRequired(): AppError {
  return new AppError(
    428,
    'PRECONDITION_REQUIRED',
    'Send If-Match with the version you read (GET the element: its ETag or "version")',
  );
}

export type VersionedKind = 'entity' | 'relationship';

export interface VersionConflictBody extends ErrorBody {
  current: { entity?: unknown; relationship?: unknown; version: number; retracted?: boolean };
}

/** 409: someone wrote the element since the version the writer read; carries the current state. */
export class VersionConflictError extends AppError {
  constructor(
    readonly kind: VersionedKind,
    readonly current: unknown,
    readonly currentVersion: number,
    readonly expected: number,
    readonly retracted = false,
    message?: string,
  ) {
    super(
      409,
      'VERSION_CONFLICT',
      message ??
        `The ${kind} changed since you read it: you sent version ${expected}, it is at version ${currentVersion}${retracted ? ' (retracted)' : ''}`,
    );
  }

  override toBody(): VersionConflictBody {
    return {
      ...super.toBody(),
      current: {
        [this.kind]: this.current,
        version: this.currentVersion,
        ...(this.retracted ? { retracted: true } : {}),
      },
    };
  }
}
