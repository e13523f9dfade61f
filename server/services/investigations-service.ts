import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { roleAtLeast, type SessionUser } from '../auth/users';
import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { AppError, notFound, type ErrorBody } from '../errors';
import { toJson } from '../mapper';
import type {
  Investigation,
  InvestigationRole,
  InvestigationState,
  InvestigationSummary,
} from '../model/investigations';

export interface InvestigationInput {
  name: string;
  description: string;
  role: InvestigationRole;
  state: InvestigationState;
}

/** 409: someone saved the investigation since the version the writer read; carries the current one. */
export class InvestigationConflictError extends AppError {
  constructor(
    readonly current: Investigation,
    expected: number,
  ) {
    super(
      409,
      'VERSION_CONFLICT',
      `The investigation changed since you read it: you sent version ${expected}, it is at version ${current.version} (saved by ${current.updatedBy ?? current.owner})`,
    );
  }

  override toBody(): ErrorBody & { current: { investigation: Investigation; version: number } } {
    return {
      ...super.toBody(),
      current: { investigation: this.current, version: this.current.version },
    };
  }
}

const text = (v: unknown) => String(toJson(v));

function summaryFrom(p: Record<string, unknown>): InvestigationSummary {
  return {
    id: String(p.id),
    name: String(p.name),
    description: typeof p.description === 'string' ? p.description : '',
    owner: String(p.owner),
    role: p.role === 'viewer' ? 'viewer' : 'editor',
    version: Number(toJson(p.version)),
    createdAt: text(p.createdAt),
    updatedAt: text(p.updatedAt),
  };
}

function investigationFrom(p: Record<string, unknown>): Investigation {
  return {
    ...summaryFrom(p),
    ...(typeof p.updatedBy === 'string' ? { updatedBy: p.updatedBy } : {}),
    state: JSON.parse(String(p.state)) as InvestigationState,
  };
}

/** Roles whose investigations a user may open: a viewer the viewers' ones, an editor all. */
function openable(user: SessionUser): InvestigationRole[] {
  return roleAtLeast(user.role, 'editor') ? ['viewer', 'editor'] : ['viewer'];
}

/**
 * Saved investigations. Editors save, change (any editor, with If-Match) and delete (the owner);
 * an investigation is opened by users whose role reaches its `role` (docs/workspace.md).
 */
export class InvestigationsService {
  constructor(private readonly db: Db) {}

  async create(user: SessionUser, input: InvestigationInput): Promise<Investigation> {
    const res = await this.db.writeTx((tx) =>
      tx.run(this.db.queries.get('investigation-create'), {
        id: `investigation:${randomUUID()}`,
        name: input.name,
        description: input.description,
        owner: user.name,
        role: input.role,
        state: JSON.stringify(input.state),
      }),
    );
    return investigationFrom(res.records[0].get('investigation') as Record<string, unknown>);
  }

  async list(
    user: SessionUser,
    owner: string | undefined,
    limit: number,
  ): Promise<InvestigationSummary[]> {
    const res = await this.db.read('investigation-list', {
      roles: openable(user),
      owner: owner ?? null,
      limit: intParam(limit),
    });
    return res.records.map((r) => summaryFrom(r.get('investigation') as Record<string, unknown>));
  }

  async get(user: SessionUser, id: string): Promise<Investigation> {
    const res = await this.db.read('investigation-by-id', { id });
    if (res.records.length === 0) throw notFound(`Investigation ${id}`);
    const inv = investigationFrom(res.records[0].get('investigation') as Record<string, unknown>);
    if (!openable(user).includes(inv.role)) {
      throw new AppError(
        403,
        'INVESTIGATION_FORBIDDEN',
        `This investigation is shared with editors only; you are a ${user.role}`,
      );
    }
    return inv;
  }

  async update(
    user: SessionUser,
    id: string,
    expected: number,
    input: InvestigationInput,
  ): Promise<Investigation> {
    return this.db.writeTx(async (tx) => {
      const res = await tx.run(this.db.queries.get('investigation-update'), {
        id,
        expected: neo4j.int(expected),
        name: input.name,
        description: input.description,
        role: input.role,
        state: JSON.stringify(input.state),
        user: user.name,
      });
      if (res.records.length > 0) {
        return investigationFrom(res.records[0].get('investigation') as Record<string, unknown>);
      }
      throw await this.whyNot(tx, id, expected);
    });
  }

  async remove(user: SessionUser, id: string, expected: number): Promise<InvestigationSummary> {
    return this.db.writeTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('investigation-by-id'), { id });
      if (found.records.length === 0) throw notFound(`Investigation ${id}`);
      const current = investigationFrom(
        found.records[0].get('investigation') as Record<string, unknown>,
      );
      if (current.owner !== user.name) {
        throw new AppError(
          403,
          'NOT_INVESTIGATION_OWNER',
          `Only its owner (${current.owner}) may delete this investigation`,
        );
      }
      const res = await tx.run(this.db.queries.get('investigation-delete'), {
        id,
        expected: neo4j.int(expected),
      });
      if (Number(res.records[0].get('deleted')) === 0) {
        throw new InvestigationConflictError(current, expected);
      }
      return summaryFrom(found.records[0].get('investigation') as Record<string, unknown>);
    });
  }

  /** A write that matched nothing: the investigation is gone (404) or was saved since (409). */
  private async whyNot(
    tx: Parameters<Parameters<Db['writeTx']>[0]>[0],
    id: string,
    expected: number,
  ): Promise<AppError> {
    const found = await tx.run(this.db.queries.get('investigation-by-id'), { id });
    if (found.records.length === 0) return notFound(`Investigation ${id}`);
    const current = investigationFrom(
      found.records[0].get('investigation') as Record<string, unknown>,
    );
    return new InvestigationConflictError(current, expected);
  }
}
