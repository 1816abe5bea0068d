import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { AUDIT_RULES, auditNaming } from './audit-names';

/** The repository root (it has the TypeScript sources): upwards from here, else the working directory. */
function sourceRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'src/contexts/audit/domain/audit-names.ts'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('cannot find the TypeScript sources (run the tests from the repository root)');
}

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) out.push(p);
  }
  return out;
}

/**
 * Every event type the code can record: the `type` literal of each member of every `...Event` union
 * declared in the contexts (what their index.ts files export, and the unions they keep to themselves)
 * and in the installation. Read with the TypeScript compiler, so a new member of any union shows up here.
 */
function recordedEventTypes(): Map<string, string> {
  const root = sourceRoot();
  const files = [...sources(join(root, 'src/contexts')), ...sources(join(root, 'src/installation'))];
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, experimentalDecorators: true });
  const checker = program.getTypeChecker();
  const found = new Map<string, string>();
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(join(root, 'src'))) continue;
    ts.forEachChild(sf, (node) => {
      if (!ts.isTypeAliasDeclaration(node) || !/Event$/.test(node.name.text)) return;
      const type = checker.getTypeAtLocation(node.name);
      for (const member of type.isUnion() ? type.types : [type]) {
        const tag = member.getProperty('type');
        if (!tag || !member.getProperty('data')) continue;
        const literal = checker.getTypeOfSymbol(tag);
        if (literal.isStringLiteral()) found.set(literal.value, `${node.name.text} (${sf.fileName.slice(root.length + 1)})`);
      }
    });
  }
  return found;
}

describe('audit names', () => {
  const types = recordedEventTypes();

  it('finds the event unions of every context', () => {
    for (const t of ['AccountMemberAdded', 'ServiceAccountKeyRotated', 'FlowRunStateChanged', 'AutomationCreated', 'InstallationCompleted']) assert.ok(types.has(t), t);
    assert.ok(types.size >= 100, `only ${types.size} event types found`);
  });

  it('maps every event type the deciders can emit', () => {
    const missing = [...types].filter(([t]) => !Object.prototype.hasOwnProperty.call(AUDIT_RULES, t)).map(([t, where]) => `${t} from ${where}`);
    assert.deepEqual(missing, [], 'add these to AUDIT_RULES in audit-names.ts');
  });

  it('maps no event type that nothing emits', () => {
    assert.deepEqual(Object.keys(AUDIT_RULES).filter((t) => !types.has(t)), []);
  });

  it('names account-level activity prefect-cloud.{resource}.{action} and workspace objects prefect.{resource}.{action}', () => {
    const cloud = /^prefect-cloud\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;
    const oss = /^prefect\.[a-z]+(-[a-z]+)*\.[A-Za-z]+(-[a-z]+)*$/;
    for (const type of Object.keys(AUDIT_RULES)) {
      const { event, resource } = auditNaming(type, { state: { type: 'RUNNING', name: 'Running' }, enabled: true }, 'stream-x1');
      assert.ok(cloud.test(event) || oss.test(event), `${type} → ${event}`);
      assert.equal(resource.type, event.slice(0, event.lastIndexOf('.')));
    }
  });

  it('uses the Prefect Cloud catalog names for the audited account activity', () => {
    const name = (type: string, data: unknown = {}) => auditNaming(type, data, 's-1').event;
    assert.equal(name('AccountMemberAdded'), 'prefect-cloud.account-membership.created');
    assert.equal(name('AccountMemberRoleChanged'), 'prefect-cloud.account-membership.updated');
    assert.equal(name('AccountMemberRemoved'), 'prefect-cloud.account-membership.deleted');
    assert.equal(name('ServiceAccountKeyRotated'), 'prefect-cloud.api-key.rotated');
    assert.equal(name('ApiKeyCreated'), 'prefect-cloud.api-key.created');
    assert.equal(name('SessionStarted'), 'prefect-cloud.user.logged-in');
    assert.equal(name('SessionRevoked'), 'prefect-cloud.user.logged-out');
    assert.equal(name('InvitationAccepted'), 'prefect-cloud.account-invitation.accepted');
    assert.equal(name('WorkspaceCreated'), 'prefect-cloud.workspace.created');
    assert.equal(name('AccountSettingsUpdated'), 'prefect-cloud.account-settings.updated');
    assert.equal(name('AccountDomainsSet'), 'prefect-cloud.account-domain-names.updated');
  });

  it('names run state changes after the state, as Prefect does', () => {
    assert.equal(auditNaming('FlowRunStateChanged', { flowRunId: 'r1', state: { type: 'FAILED', name: 'Failed' } }, 'flowRun-r1').event, 'prefect.flow-run.Failed');
    assert.equal(auditNaming('TaskRunStateRecorded', { taskRunId: 't1', state: { type: 'RUNNING', name: 'Running' } }, 'taskRun-t1').event, 'prefect.task-run.Running');
    assert.equal(auditNaming('AutomationEnabledChanged', { automationId: 'a', enabled: false }, 'automation-a').event, 'prefect.automation.disabled');
  });

  it('takes the resource id and name from the data, else the stream id', () => {
    assert.deepEqual(auditNaming('ServiceAccountCreated', { botId: 'b1', name: 'ci' }, 'serviceAccount-b1').resource, { id: 'b1', type: 'prefect-cloud.service-account', name: 'ci' });
    assert.deepEqual(auditNaming('WorkQueueCreated', { poolId: 'p', queue: { queueId: 'q1', name: 'high' } }, 'workPool-p').resource, { id: 'q1', type: 'prefect.work-queue', name: 'high' });
    assert.deepEqual(auditNaming('FlowUpdated', {}, 'flow-f9').resource, { id: 'f9', type: 'prefect.flow' });
  });

  it('still names an event type it does not know (recorded by another version)', () => {
    assert.deepEqual(auditNaming('SomethingHappened', { x: 1 }, 'thing-t1'), { event: 'praetor.event.SomethingHappened', resource: { id: 't1', type: 'praetor.stream.thing' } });
    assert.equal(auditNaming('toString', null, 'x-1').event, 'praetor.event.toString', 'inherited object keys are not rules');
  });
});
