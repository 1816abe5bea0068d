import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { ACCOUNT_SETTING_NAMES, accountDecider } from '../../domain/account/account.decide';
import type { AccountCommand } from '../../domain/account/account.commands';
import type { AccountProfileChanges } from '../../domain/account/account.events';
import { ACCOUNTS, type AccountDoc } from '../../read-models';
import { accountRoleRef, accountRoleView, allAccountRoles, type AccountRoleView } from '../account-memberships/account-roles';

export const ACCOUNT_PERMISSION = { read: 'read:account', update: 'update:account', readRole: 'read:account_role' } as const;

/** Prefect Cloud's account object (the fields Praetor keeps). */
export interface AccountView {
  id: string;
  name: string;
  handle: string;
  location: string | null;
  link: string | null;
  image_location: string | null;
  auth_expiration_seconds: number | null;
  domain_names: string[];
  created: string;
  updated: string;
}

export interface AccountDomains {
  domain_names: string[];
}

const PROFILE_FIELDS = ['name', 'handle', 'location', 'link', 'image_location', 'auth_expiration_seconds'] as const;

const account = (accountId: string) => ({ kind: 'account' as const, accountId });

/** The account itself: profile, settings, domain names, and its built-in account roles. */
@Injectable()
export class AccountUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async get(principal: Principal, accountId: string): Promise<AccountView> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.read, account(accountId));
    return view(await this.doc(accountId));
  }

  /** `PATCH /accounts/{a}/`: only the profile fields; others are refused (422). */
  async update(principal: Principal, request: RequestContext, accountId: string, body: Record<string, unknown>): Promise<void> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.update, account(accountId));
    const unknown = Object.keys(body).filter((k) => !(PROFILE_FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new ValidationError(`unknown account field(s): ${unknown.join(', ')}`);
    const changes = body as AccountProfileChanges;
    if (typeof changes.handle === 'string') {
      const holders = await this.readStore.find<AccountDoc>(ACCOUNTS, { handle: changes.handle });
      if (holders.some((a) => a._id !== accountId)) throw new AlreadyExistsError(`an account with handle "${changes.handle}" already exists`);
    }
    await this.run(principal, request, accountId, (now) => ({ type: 'UpdateAccount', data: { changes, now } }));
  }

  async settings(principal: Principal, accountId: string): Promise<Record<string, boolean>> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.read, account(accountId));
    const doc = await this.doc(accountId);
    return Object.fromEntries(ACCOUNT_SETTING_NAMES.map((name) => [name, doc.settings?.[name] ?? false]));
  }

  async updateSettings(principal: Principal, request: RequestContext, accountId: string, body: Record<string, unknown>): Promise<void> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.update, account(accountId));
    await this.run(principal, request, accountId, (now) => ({ type: 'UpdateAccountSettings', data: { changes: body as Record<string, boolean>, now } }));
  }

  async domains(principal: Principal, accountId: string): Promise<AccountDomains> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.read, account(accountId));
    return { domain_names: [...((await this.doc(accountId)).domain_names ?? [])] };
  }

  async setDomains(principal: Principal, request: RequestContext, accountId: string, body: Record<string, unknown>): Promise<AccountDomains> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.update, account(accountId));
    const names = body.domain_names;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new ValidationError('domain_names must be a list of strings');
    await this.run(principal, request, accountId, (now) => ({ type: 'SetAccountDomains', data: { domainNames: names as string[], now } }));
    return { domain_names: [...((await this.doc(accountId)).domain_names ?? [])] };
  }

  async roles(principal: Principal, accountId: string): Promise<AccountRoleView[]> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.readRole, account(accountId));
    return allAccountRoles();
  }

  async role(principal: Principal, accountId: string, id: string): Promise<AccountRoleView> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.readRole, account(accountId));
    const role = accountRoleRef(id);
    if (!role) throw new NotFoundError('Account role not found');
    return accountRoleView(role);
  }

  private async run(principal: Principal, request: RequestContext, accountId: string, command: (now: string) => AccountCommand): Promise<void> {
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope: account(accountId),
      permission: ACCOUNT_PERMISSION.update,
      decider: accountDecider,
      stream: streamName('account', accountId),
      command,
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  private async doc(accountId: string): Promise<AccountDoc> {
    const doc = await this.readStore.get<AccountDoc>(ACCOUNTS, accountId);
    if (!doc) throw new NotFoundError('Account not found');
    return doc;
  }
}

function view(doc: AccountDoc): AccountView {
  return {
    id: doc._id,
    name: doc.name,
    handle: doc.handle,
    location: doc.location ?? null,
    link: doc.link ?? null,
    image_location: doc.image_location ?? null,
    auth_expiration_seconds: doc.auth_expiration_seconds ?? null,
    domain_names: [...(doc.domain_names ?? [])],
    created: doc.created,
    updated: doc.updated,
  };
}
