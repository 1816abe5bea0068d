import { createHash } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../config/config';
import { CreateUserApiKeyCommand, hashApiKey, RegisterUserCommand, SetInitialPasswordCommand } from '../contexts/identity-access';
import { CreateAccountCommand, CreateWorkspaceCommand } from '../contexts/tenancy';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, randomIds, SYSTEM_PRINCIPAL } from '../shared/application';
import type { ProjectionRunner } from '../infrastructure/projections/projection-runner';
import { INSTALLATION_STREAM, installationDecider, type InstallationIds } from './installation';

export interface InstallationSummary {
  readonly firstStart: boolean;
  readonly ids: InstallationIds;
  /** The owner's key, when it can be shown: on first start, or when it came from the configuration. */
  readonly apiKey: string | undefined;
}

/** A stable key id for a configured key, so a restart after a crash creates it once. */
function keyIdFor(key: string): string {
  const h = createHash('sha256').update(`praetor-api-key-id:${hashApiKey(key)}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * On first start with an empty store: an owner, an account, a workspace and an API key.
 * Every step is a command under the system actor, so the set-up is in the event log like anything else.
 */
export async function bootstrapInstallation(config: AppConfig, commands: CommandBus, deciders: DeciderCommandHandler, projections: ProjectionRunner): Promise<InstallationSummary> {
  const existing = await deciders.load(installationDecider, INSTALLATION_STREAM);
  if (existing.state.status === 'completed') {
    // A password configured after the first start still reaches an owner who has none; one they set is kept.
    await setBootstrapPassword(config, commands, projections, existing.state.ids.userId);
    return { firstStart: false, ids: existing.state.ids, apiKey: config.bootstrapApiKey };
  }
  const now = new Date();
  const metadata = eventMetadata(SYSTEM_PRINCIPAL, { kind: 'installation' }, NO_REQUEST, now);
  const ids: InstallationIds =
    existing.state.status === 'started' ? existing.state.ids : { userId: randomIds.uuid(), accountId: randomIds.uuid(), workspaceId: randomIds.uuid() };
  await deciders.handle({ decider: installationDecider, stream: INSTALLATION_STREAM, command: { type: 'StartInstallation', data: { ...ids, now: now.toISOString() } }, metadata });

  const sys = SYSTEM_PRINCIPAL;
  await commands.execute(new RegisterUserCommand(sys, NO_REQUEST, { userId: ids.userId, handle: 'admin', email: config.bootstrapEmail, firstName: null, lastName: null }));
  await setBootstrapPassword(config, commands, projections, ids.userId);
  await commands.execute(new CreateAccountCommand(sys, NO_REQUEST, { accountId: ids.accountId, name: 'Default', handle: 'default', ownerUserId: ids.userId }));
  await commands.execute(
    new CreateWorkspaceCommand(sys, NO_REQUEST, ids.accountId, { workspaceId: ids.workspaceId, name: 'Default', handle: 'default', description: 'Created on first start', owner: { actorType: 'user', actorId: ids.userId } }),
  );
  const key = await commands.execute(
    new CreateUserApiKeyCommand(sys, NO_REQUEST, ids.userId, {
      keyId: config.bootstrapApiKey ? keyIdFor(config.bootstrapApiKey) : undefined,
      name: 'bootstrap',
      expiration: null,
      key: config.bootstrapApiKey,
    }),
  );
  const done = await deciders.handle({
    decider: installationDecider,
    stream: INSTALLATION_STREAM,
    command: { type: 'CompleteInstallation', data: { apiKeyId: key.id, now: new Date().toISOString() } },
    metadata,
  });
  if (done.position !== undefined) await projections.wait(done.position);
  return { firstStart: true, ids, apiKey: key.key };
}

/** PRAETOR_BOOTSTRAP_PASSWORD, when set, becomes the first owner's password unless they already have one. */
async function setBootstrapPassword(config: AppConfig, commands: CommandBus, projections: ProjectionRunner, userId: string): Promise<void> {
  if (!config.bootstrapPassword) return;
  const { position } = await commands.execute(new SetInitialPasswordCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, config.bootstrapPassword));
  if (position !== undefined) await projections.wait(position);
}

export function prefectEnvironment(config: AppConfig, summary: InstallationSummary): string[] {
  const base = `${config.publicUrl}/api`;
  const lines = [`PREFECT_CLOUD_API_URL=${base}`, `PREFECT_API_URL=${base}/accounts/${summary.ids.accountId}/workspaces/${summary.ids.workspaceId}`];
  lines.push(summary.apiKey ? `PREFECT_API_KEY=${summary.apiKey}` : '# PREFECT_API_KEY: printed on first start only (Praetor stores only its hash)');
  return lines;
}
