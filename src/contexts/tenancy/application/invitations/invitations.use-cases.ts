import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { USERS, type UserDoc } from '../../../identity-access';
import { accountDecider } from '../../domain/account/account.decide';
import { invitationDecider, isExpired, normalizeEmail, type InvitedAccountRole, type InvitedWorkspaceAccess } from '../../domain/invitation/invitation';
import { workspaceDecider } from '../../domain/workspace/workspace.decide';
import {
  ACCOUNT_MEMBERSHIPS,
  INVITATIONS,
  membershipId,
  WORKSPACES,
  WORKSPACE_ACCESS,
  workspaceAccessId,
  type AccountMembershipDoc,
  type InvitationDoc,
  type WorkspaceAccessDoc,
  type WorkspaceDoc,
} from '../../read-models';
import { resolveWorkspaceRole, workspaceRoleId } from '../workspaces/workspace-role-ref';

/** Account permission strings (prefect-cloud.md §B.2 has `create|read|update:invitation`; revoking is an update). */
export const INVITATION_PERMISSIONS = { create: 'create:invitation', read: 'read:invitation', revoke: 'update:invitation' } as const;
const INVITEE = 'accept:invitation';

export type InvitationStatus = 'pending' | 'accepted' | 'rejected' | 'expired';

/** Prefect Cloud's account invitation. */
export interface InvitationView {
  id: string;
  account_id: string;
  email: string;
  account_role_name: InvitedAccountRole;
  workspace_access: { workspace_id: string; workspace_role_id: string }[];
  status: InvitationStatus;
  expires_at: string;
  created: string;
  invited_by: { id: string; type: string; display_value: string };
}

/** What an accepted invitation leads to (from InvitationAccepted). */
export interface AcceptedInvitation {
  readonly invitationId: string;
  readonly accountId: string;
  readonly userId: string;
  readonly accountRole: InvitedAccountRole;
  readonly workspaceAccess: readonly InvitedWorkspaceAccess[];
}

type Json = Record<string, unknown>;
const ROLES: readonly string[] = ['owner', 'admin', 'member'];
const STATUSES: readonly string[] = ['pending', 'accepted', 'rejected', 'expired'];
const account = (accountId: string) => ({ kind: 'account' as const, accountId });

export function invitationView(doc: InvitationDoc, now: string): InvitationView {
  return {
    id: doc._id,
    account_id: doc.account_id,
    email: doc.email,
    account_role_name: doc.account_role_name,
    workspace_access: doc.workspace_access.map((w) => ({ workspace_id: w.workspace_id, workspace_role_id: workspaceRoleId(w.workspace_role) })),
    status: doc.status === 'pending' && isExpired(doc.expires_at, now) ? 'expired' : doc.status,
    expires_at: doc.expires_at,
    created: doc.created,
    invited_by: doc.invited_by,
  };
}

/**
 * Account invitations: the account side creates, lists and revokes them; the invitee (a user whose
 * email the invitation names) lists, accepts and rejects them under `/api/me/invitations`.
 * Accepting records InvitationAccepted first, then the membership and the workspace access, as the
 * invitee; InvitationAcceptanceReactor completes those if the process stopped in between.
 */
@Injectable()
export class InvitationUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, request: RequestContext, accountId: string, body: Json): Promise<InvitationView> {
    await this.runner.authorize(principal, INVITATION_PERMISSIONS.create, account(accountId));
    if (typeof body.email !== 'string') throw new ValidationError('email is required');
    const email = normalizeEmail(body.email);
    const role = body.account_role_name ?? 'member';
    if (typeof role !== 'string' || !ROLES.includes(role)) throw new ValidationError('account_role_name must be one of member, admin, owner');
    if (role === 'owner' && (await this.accountRole(accountId, principal.actor.id)) !== 'owner' && principal.actor.type !== 'system') {
      throw new ForbiddenError('Only an account Owner can invite an Owner', INVITATION_PERMISSIONS.create);
    }
    const workspaceAccess = await this.workspaceAccess(accountId, body.workspace_access);
    for (const user of await this.readStore.find<UserDoc>(USERS, { email })) {
      if (await this.accountRole(accountId, user._id)) throw new ConflictError(`${email} is already a member of this account`, { reason: 'already_member' });
    }
    const invitationId = this.runner.uuid();
    const expiresAt = new Date(this.runner.now().getTime() + this.config.invitationSeconds * 1000).toISOString();
    const r = await this.runner.runAuthorized({
      principal,
      request,
      permission: INVITATION_PERMISSIONS.create,
      scope: account(accountId),
      decider: invitationDecider,
      stream: streamName('invitation', invitationId),
      command: (now) => ({
        type: 'CreateInvitation' as const,
        data: {
          invitationId,
          accountId,
          email,
          accountRole: role as InvitedAccountRole,
          workspaceAccess,
          invitedBy: { type: principal.actor.type, id: principal.actor.id, displayValue: principal.actor.name },
          expiresAt,
          now,
        },
      }),
    });
    // Email sending hooks in here (notifications issue): a reactor on InvitationCreated mails the
    // invitee a link to /api/me/invitations/{id}/accept. Until then the invitee finds it under /api/me/invitations.
    if (r.position !== undefined) await this.projections.wait(r.position);
    return this.view(accountId, invitationId);
  }

  /** `{status?: 'pending'|'accepted'|'rejected'|'expired' | [...], limit, offset}`; newest first. */
  async filter(principal: Principal, accountId: string, body: Json, page: { limit: number; offset: number }): Promise<InvitationView[]> {
    await this.runner.authorize(principal, INVITATION_PERMISSIONS.read, account(accountId));
    const wanted = statuses(body.status);
    const now = this.runner.now().toISOString();
    const docs = await this.readStore.find<InvitationDoc>(INVITATIONS, { _account: accountId }, { sort: [{ field: 'created', direction: 'desc' }] });
    return docs
      .map((d) => invitationView(d, now))
      .filter((v) => wanted === undefined || wanted.has(v.status))
      .slice(page.offset, page.offset + page.limit);
  }

  async revoke(principal: Principal, request: RequestContext, accountId: string, invitationId: string): Promise<void> {
    await this.runner.authorize(principal, INVITATION_PERMISSIONS.revoke, account(accountId));
    const doc = await this.readStore.get<InvitationDoc>(INVITATIONS, invitationId);
    if (!doc || doc.account_id !== accountId) throw new NotFoundError('Invitation not found');
    const r = await this.runner.runAuthorized({
      principal,
      request,
      permission: INVITATION_PERMISSIONS.revoke,
      scope: account(accountId),
      decider: invitationDecider,
      stream: streamName('invitation', invitationId),
      command: (now) => ({ type: 'RevokeInvitation' as const, data: { now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  /** The caller's pending (unexpired) invitations, by their email. Users only. */
  async mine(principal: Principal): Promise<InvitationView[]> {
    const email = await this.inviteeEmail(principal);
    const now = this.runner.now().toISOString();
    const docs = await this.readStore.find<InvitationDoc>(INVITATIONS, { email, status: 'pending' }, { sort: [{ field: 'created', direction: 'desc' }] });
    return docs.map((d) => invitationView(d, now)).filter((v) => v.status === 'pending');
  }

  async accept(principal: Principal, request: RequestContext, invitationId: string): Promise<InvitationView> {
    const { accountId, decided: r } = await this.answer(principal, request, invitationId, 'AcceptInvitation');
    const s = r.state;
    if (s.status !== 'accepted') throw new NotFoundError('Invitation not found');
    const position = await this.complete(principal, request, { invitationId, accountId, userId: s.userId, accountRole: s.accountRole, workspaceAccess: s.workspaceAccess }, r.position ?? 0);
    await this.projections.wait(Math.max(position ?? 0, r.position ?? 0));
    return this.view(accountId, invitationId);
  }

  async reject(principal: Principal, request: RequestContext, invitationId: string): Promise<InvitationView> {
    const { accountId, decided: r } = await this.answer(principal, request, invitationId, 'RejectInvitation');
    if (r.position !== undefined) await this.projections.wait(r.position);
    return this.view(accountId, invitationId);
  }

  /**
   * Gives the invitee what an accepted invitation offers, as `principal`: the account membership
   * (an existing member keeps its role) and each workspace access it does not hold yet. A change to
   * A removal recorded after `acceptedAt` (the position of InvitationAccepted) wins: a replayed
   * acceptance never re-adds a member, or re-grants access, that was taken away since. Idempotent.
   */
  async complete(principal: Principal, request: RequestContext, a: AcceptedInvitation, acceptedAt: number): Promise<number | undefined> {
    let position: number | undefined;
    const note = (p: number | undefined) => {
      if (p !== undefined) position = Math.max(position ?? 0, p);
    };
    const accountStream = streamName('account', a.accountId);
    if (await this.removedSince(accountStream, acceptedAt, 'AccountMemberRemoved', a.userId)) return undefined;
    if (!(await this.accountRole(a.accountId, a.userId))) {
      try {
        const r = await this.runner.runAuthorized({
          principal,
          request,
          permission: INVITEE,
          scope: account(a.accountId),
          decider: accountDecider,
          stream: accountStream,
          command: (now) => ({ type: 'AddAccountMember' as const, data: { userId: a.userId, role: a.accountRole, ifAbsent: true, now } }),
        });
        if (r.events.length > 0) note(r.position);
      } catch (err) {
        if (err instanceof NotFoundError) return undefined; // the account is gone
        throw err;
      }
    }
    for (const w of a.workspaceAccess) {
      const stream = streamName('workspace', w.workspaceId);
      if (await this.readStore.get<WorkspaceAccessDoc>(WORKSPACE_ACCESS, workspaceAccessId(w.workspaceId, a.userId))) continue;
      if (await this.removedSince(stream, acceptedAt, 'WorkspaceAccessRevoked', a.userId)) continue;
      try {
        const r = await this.runner.runAuthorized({
          principal,
          request,
          permission: INVITEE,
          scope: { kind: 'workspace', accountId: a.accountId, workspaceId: w.workspaceId },
          decider: workspaceDecider,
          stream,
          // A custom role must still be the account's: the decider refuses it otherwise (then it is skipped).
          command: (now) => ({ type: 'GrantWorkspaceAccess' as const, data: { actorType: 'user' as const, actorId: a.userId, role: w.role, customRoleAccountId: a.accountId, now } }),
        });
        if (r.events.length > 0) note(r.position);
      } catch (err) {
        // A workspace deleted (404) or a custom role gone (422) since the invitation: that grant is skipped.
        if (!(err instanceof NotFoundError) && !(err instanceof ValidationError)) throw err;
      }
    }
    return position;
  }

  private async removedSince(stream: string, position: number, type: string, actorId: string): Promise<boolean> {
    const events = await this.events.readStream(stream);
    return events.some((e) => {
      const d = (e.data ?? {}) as { userId?: unknown; actorId?: unknown };
      return e.position > position && e.type === type && (d.userId === actorId || d.actorId === actorId);
    });
  }

  /** The invitee's answer, as the signed-in user whose email the invitation was sent to. */
  private async answer(principal: Principal, request: RequestContext, invitationId: string, type: 'AcceptInvitation' | 'RejectInvitation') {
    const email = await this.inviteeEmail(principal);
    const accountId = await this.invitationAccount(invitationId);
    const decided = await this.runner.runAuthorized({
      principal,
      request,
      permission: INVITEE,
      scope: account(accountId),
      decider: invitationDecider,
      stream: streamName('invitation', invitationId),
      command: (now) => ({ type, data: { userId: principal.actor.id, email, now } }),
    });
    return { accountId, decided };
  }

  private async view(accountId: string, invitationId: string): Promise<InvitationView> {
    const doc = await this.readStore.get<InvitationDoc>(INVITATIONS, invitationId);
    if (!doc || doc.account_id !== accountId) throw new NotFoundError('Invitation not found');
    return invitationView(doc, this.runner.now().toISOString());
  }

  private async invitationAccount(invitationId: string): Promise<string> {
    const { state } = await this.runner.deciders.load(invitationDecider, streamName('invitation', invitationId));
    if (state.status === 'absent') throw new NotFoundError('Invitation not found');
    return state.accountId;
  }

  private async inviteeEmail(principal: Principal): Promise<string> {
    if (principal.actor.type !== 'user') throw new ForbiddenError('Only users receive invitations; this key belongs to a service account');
    const user = await this.readStore.get<UserDoc>(USERS, principal.actor.id);
    if (!user) throw new NotFoundError('User not found');
    return normalizeEmail(user.email);
  }

  private async accountRole(accountId: string, actorId: string): Promise<string | undefined> {
    return (await this.readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(accountId, actorId)))?.account_role_name;
  }

  private async workspaceAccess(accountId: string, raw: unknown): Promise<InvitedWorkspaceAccess[]> {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw new ValidationError('workspace_access must be a list');
    const out: InvitedWorkspaceAccess[] = [];
    for (const item of raw as unknown[]) {
      if (typeof item !== 'object' || item === null) throw new ValidationError('workspace_access items are {workspace_id, workspace_role_id}');
      const { workspace_id: id, workspace_role_id: roleRef } = item as Json;
      const ws = typeof id === 'string' ? await this.readStore.get<WorkspaceDoc>(WORKSPACES, id.toLowerCase()) : undefined;
      if (!ws || ws.account_id !== accountId) throw new ValidationError(`workspace_access names no workspace of this account: ${String(id)}`);
      const role = await resolveWorkspaceRole(this.readStore, roleRef, 'workspace_role_id');
      if (role.customRoleAccountId !== undefined && role.customRoleAccountId !== accountId) throw new ValidationError(`unknown workspace role: ${String(roleRef)}`);
      out.push({ workspaceId: ws._id, role: role.role });
    }
    return out;
  }
}

function statuses(raw: unknown): Set<InvitationStatus> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  for (const s of list) if (typeof s !== 'string' || !STATUSES.includes(s)) throw new ValidationError('status must be pending, accepted, rejected or expired');
  return new Set(list as InvitationStatus[]);
}
