import type { Decider } from '../../../../shared/ddd';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors';

/** A block type (prefect-api.md §6.10): one per slug in a workspace; system types are protected. */
export interface BlockTypeDetails {
  readonly logoUrl: string | null;
  readonly documentationUrl: string | null;
  readonly description: string | null;
  readonly codeExample: string | null;
}

export type BlockTypeChanges = Partial<BlockTypeDetails>;

export type BlockTypeEvent =
  | { readonly type: 'BlockTypeCreated'; readonly data: { readonly blockTypeId: string; readonly name: string; readonly slug: string; readonly isProtected: boolean; readonly createdAt: string } & BlockTypeDetails }
  | { readonly type: 'BlockTypeUpdated'; readonly data: { readonly blockTypeId: string; readonly isProtected: boolean; readonly updatedAt: string } & BlockTypeDetails }
  | { readonly type: 'BlockTypeDeleted'; readonly data: { readonly blockTypeId: string; readonly deletedAt: string } };

export type BlockTypeCommand =
  | { readonly type: 'CreateBlockType'; readonly data: { readonly blockTypeId: string; readonly name: string; readonly slug: string; readonly now: string } & BlockTypeDetails }
  /** The server's own types: created, or brought up to date, and protected. */
  | { readonly type: 'InstallSystemBlockType'; readonly data: { readonly blockTypeId: string; readonly name: string; readonly slug: string; readonly now: string } & BlockTypeDetails }
  | { readonly type: 'UpdateBlockType'; readonly data: { readonly changes: BlockTypeChanges; readonly now: string } }
  | { readonly type: 'DeleteBlockType'; readonly data: { readonly now: string } };

export type BlockTypeState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'active'; readonly blockTypeId: string; readonly name: string; readonly slug: string; readonly isProtected: boolean } & BlockTypeDetails)
  | { readonly status: 'deleted'; readonly blockTypeId: string };

/** Prefect's BlockTypeSlug: lowercase letters, digits and dashes. */
export const BLOCK_SLUG = /^[a-z0-9-]+$/;

const DETAIL_KEYS = ['logoUrl', 'documentationUrl', 'description', 'codeExample'] as const;
const details = (d: BlockTypeDetails): BlockTypeDetails => ({ logoUrl: d.logoUrl, documentationUrl: d.documentationUrl, description: d.description, codeExample: d.codeExample });

function validate(name: string, slug: string): void {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError('Block type name must be a non-empty string');
  if (typeof slug !== 'string' || !BLOCK_SLUG.test(slug)) throw new ValidationError('Block type slug must only contain lowercase letters, numbers, and dashes');
}

export const blockTypeDecider: Decider<BlockTypeState, BlockTypeCommand, BlockTypeEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'BlockTypeCreated': {
        const d = event.data;
        return { status: 'active', blockTypeId: d.blockTypeId, name: d.name, slug: d.slug, isProtected: d.isProtected, ...details(d) };
      }
      case 'BlockTypeUpdated':
        return state.status === 'active' ? { ...state, isProtected: event.data.isProtected, ...details(event.data) } : state;
      case 'BlockTypeDeleted':
        return state.status === 'absent' ? state : { status: 'deleted', blockTypeId: event.data.blockTypeId };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateBlockType': {
        const c = command.data;
        validate(c.name, c.slug);
        if (state.status === 'active') throw new ConflictError(`Block type with name "${c.name}" already exists`);
        return [{ type: 'BlockTypeCreated', data: { blockTypeId: c.blockTypeId, name: c.name, slug: c.slug, isProtected: false, ...details(c), createdAt: c.now } }];
      }
      case 'InstallSystemBlockType': {
        const c = command.data;
        validate(c.name, c.slug);
        if (state.status !== 'active') return [{ type: 'BlockTypeCreated', data: { blockTypeId: c.blockTypeId, name: c.name, slug: c.slug, isProtected: true, ...details(c), createdAt: c.now } }];
        if (state.isProtected && DETAIL_KEYS.every((k) => state[k] === c[k])) return [];
        return [{ type: 'BlockTypeUpdated', data: { blockTypeId: state.blockTypeId, isProtected: true, ...details(c), updatedAt: c.now } }];
      }
      case 'UpdateBlockType': {
        if (state.status !== 'active') throw new NotFoundError('Block type not found');
        const next = { ...details(state), ...Object.fromEntries(Object.entries(command.data.changes).filter(([, v]) => v !== undefined)) } as BlockTypeDetails;
        // Prefect updates only on a meaningful change (the client registers types on every save).
        if (DETAIL_KEYS.every((k) => state[k] === next[k])) return [];
        if (state.isProtected) throw new ForbiddenError('protected block types cannot be updated.');
        return [{ type: 'BlockTypeUpdated', data: { blockTypeId: state.blockTypeId, isProtected: false, ...next, updatedAt: command.data.now } }];
      }
      case 'DeleteBlockType':
        if (state.status !== 'active') throw new NotFoundError('Block type not found');
        if (state.isProtected) throw new ForbiddenError('protected block types cannot be deleted.');
        return [{ type: 'BlockTypeDeleted', data: { blockTypeId: state.blockTypeId, deletedAt: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
