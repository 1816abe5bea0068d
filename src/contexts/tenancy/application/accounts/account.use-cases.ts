import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, nameBasedUuid, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import {
  ACCOUNT_SETTING_NAMES,
  accountDecider,
  DOMAIN_PATTERN,
  ENFORCE_SSO,
  normaliseDomain,
  verificationRecordName,
  verificationRecordValue,
} from '../../domain/account/account.decide';
import { DOMAIN_CLAIM_NAMESPACE, domainClaimDecider, type DomainClaimCommand } from '../../domain/account/domain-claim';
import type { AccountCommand } from '../../domain/account/account.commands';
import type { AccountProfileChanges } from '../../domain/account/account.events';
import { ACCOUNTS, type AccountDoc } from '../../read-models';
import { accountRoleRef, accountRoleView, allAccountRoles, type AccountRoleView } from '../account-memberships/account-roles';
import { DnsTxtLookup } from '../sso-account/dns-txt-lookup';

export const ACCOUNT_PERMISSION = {
  read: 'read:account',
  update: 'update:account',
  readRole: 'read:account_role',
  administrateSso: 'administrate:sso',
} as const;

/** Prefect Cloud's account object (the fields Praetor keeps). */
export interface AccountView {
  id: string;
  name: string;
  handle: string;
  location: string | null;
  link: string | null;
  image_location: string | null;
  auth_expiration_seconds: number | null;
  audit_log_retention_days: number;
  domain_names: string[];
  created: string;
  updated: string;
}

export interface AccountDomainView {
  name: string;
  verified: boolean;
  verified_at: string | null;
  /** The TXT record that proves the account controls the domain; null for a domain added before verification existed. */
  verification_record: { type: 'TXT'; name: string; value: string } | null;
}

export interface AccountDomains {
  domain_names: string[];
  domains: AccountDomainView[];
}

/** The stream of the installation-wide claim on a verified domain. */
export const domainClaimStream = (domain: string) => streamName('domainClaim', nameBasedUuid(DOMAIN_CLAIM_NAMESPACE, domain));

/** Prefect Cloud's plans keep audit entries for a year by default. */
export const DEFAULT_AUDIT_LOG_RETENTION_DAYS = 365;

const PROFILE_FIELDS = ['name', 'handle', 'location', 'link', 'image_location', 'auth_expiration_seconds', 'audit_log_retention_days'] as const;

const account = (accountId: string) => ({ kind: 'account' as const, accountId });

/** The account itself: profile, settings, domain names, and its built-in account roles. */
@Injectable()
export class AccountUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly dns: DnsTxtLookup,
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

  /** Turning `enforce_sso` on or off also needs `administrate:sso` (Owners and Admins). */
  async updateSettings(principal: Principal, request: RequestContext, accountId: string, body: Record<string, unknown>): Promise<void> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.update, account(accountId));
    if (ENFORCE_SSO in body) await this.runner.authorize(principal, ACCOUNT_PERMISSION.administrateSso, account(accountId));
    await this.run(principal, request, accountId, (now) => ({ type: 'UpdateAccountSettings', data: { changes: body as Record<string, boolean>, now } }));
  }

  async domains(principal: Principal, accountId: string): Promise<AccountDomains> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.read, account(accountId));
    return domainsView(await this.doc(accountId));
  }

  /**
   * Replaces the domain list. A new domain gets a fresh verification token and starts unverified; a removed one
   * loses its verification and its installation-wide claim.
   */
  async setDomains(principal: Principal, request: RequestContext, accountId: string, body: Record<string, unknown>): Promise<AccountDomains> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.update, account(accountId));
    const names = body.domain_names;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new ValidationError('domain_names must be a list of strings');
    const normalised = (names as string[]).map(normaliseDomain);
    // 128 random bits each; only the decider knows which names are new, so every name gets a candidate.
    const verificationTokens = Object.fromEntries(normalised.map((d) => [d, randomBytes(16).toString('hex')]));
    const before = await this.runner.deciders.load(accountDecider, streamName('account', accountId));
    const r = await this.decide(principal, request, accountId, (now) => ({ type: 'SetAccountDomains', data: { domainNames: normalised, verificationTokens, now } }));
    let position = r.position;
    if (before.state.status === 'active' && r.state.status === 'active') {
      const kept = new Set(r.state.domainNames);
      for (const removed of before.state.domainNames.filter((d) => !kept.has(d))) {
        position = (await this.claim(principal, request, accountId, removed, 'ReleaseDomain')) ?? position;
      }
    }
    if (position !== undefined) await this.projections.wait(position);
    return domainsView(await this.doc(accountId));
  }

  /**
   * `POST /accounts/{a}/domains/{domain}/verify`: looks up the domain's TXT record; on a match the domain is claimed
   * for this account installation-wide (409 when another account holds it) and marked verified.
   */
  async verifyDomain(principal: Principal, request: RequestContext, accountId: string, rawDomain: string): Promise<AccountDomainView> {
    await this.runner.authorize(principal, ACCOUNT_PERMISSION.administrateSso, account(accountId));
    const domain = normaliseDomain(rawDomain);
    if (!DOMAIN_PATTERN.test(domain)) throw new NotFoundError(`${rawDomain} is not a domain of this account`);
    const { state } = await this.runner.deciders.load(accountDecider, streamName('account', accountId));
    if (state.status !== 'active') throw new NotFoundError('Account not found');
    const entry = state.domains.get(domain);
    if (!entry || entry.token === null) throw new NotFoundError(`${domain} is not a domain of this account`);
    if (entry.verifiedAt === null) {
      const token = entry.token;
      const expected = verificationRecordValue(token);
      const record = verificationRecordName(domain);
      const found = await this.dns.txt(record);
      if (!found.found || !found.values.includes(expected)) {
        const why = found.found ? `the TXT records at ${record} do not include ${expected}` : found.error;
        throw new ConflictError(`${domain} is not verified: ${why}. Publish a TXT record ${record} with the value ${expected}, then try again.`, {
          reason: 'txt_record_not_found',
        });
      }
      await this.claim(principal, request, accountId, domain, 'ClaimDomain');
      try {
        await this.run(principal, request, accountId, (now) => ({ type: 'VerifyAccountDomain', data: { domain, token, now } }));
      } catch (err) {
        // The domain left the list (or got a new token) during the lookup: give the claim back.
        await this.claim(principal, request, accountId, domain, 'ReleaseDomain');
        throw err;
      }
    }
    const view = domainsView(await this.doc(accountId)).domains.find((d) => d.name === domain);
    if (!view) throw new NotFoundError(`${domain} is not a domain of this account`);
    return view;
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

  /** Decides `command` on the account as `principal` (whom the caller has authorized), and waits for the read models. */
  private async run(principal: Principal, request: RequestContext, accountId: string, command: (now: string) => AccountCommand): Promise<void> {
    const r = await this.decide(principal, request, accountId, command);
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  /** As `run`, without waiting: answers what was decided. */
  private decide(principal: Principal, request: RequestContext, accountId: string, command: (now: string) => AccountCommand) {
    return this.runner.runAuthorized({
      principal,
      request,
      scope: account(accountId),
      permission: ACCOUNT_PERMISSION.update,
      decider: accountDecider,
      stream: streamName('account', accountId),
      command,
    });
  }

  /** Claims or releases `domain` in the installation-wide registry; answers the position when that changed it. */
  private async claim(principal: Principal, request: RequestContext, accountId: string, domain: string, type: DomainClaimCommand['type']): Promise<number | undefined> {
    const r = await this.runner.runAuthorized({
      principal,
      request,
      scope: account(accountId),
      permission: ACCOUNT_PERMISSION.administrateSso,
      decider: domainClaimDecider,
      stream: domainClaimStream(domain),
      command: (now) => ({ type, data: { domain, accountId, now } }),
    });
    return r.events.length > 0 ? r.position : undefined;
  }

  private async doc(accountId: string): Promise<AccountDoc> {
    const doc = await this.readStore.get<AccountDoc>(ACCOUNTS, accountId);
    if (!doc) throw new NotFoundError('Account not found');
    return doc;
  }
}

function domainsView(doc: AccountDoc): AccountDomains {
  const names = [...(doc.domain_names ?? [])];
  const byName = new Map((doc.domains ?? []).map((d) => [d.name, d]));
  return {
    domain_names: names,
    domains: names.map((name) => {
      const d = byName.get(name);
      const token = d?.verification_token ?? null;
      return {
        name,
        verified: Boolean(d?.verified_at),
        verified_at: d?.verified_at ?? null,
        verification_record: token === null ? null : { type: 'TXT' as const, name: verificationRecordName(name), value: verificationRecordValue(token) },
      };
    }),
  };
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
    audit_log_retention_days: doc.audit_log_retention_days ?? DEFAULT_AUDIT_LOG_RETENTION_DAYS,
    domain_names: [...(doc.domain_names ?? [])],
    created: doc.created,
    updated: doc.updated,
  };
}
