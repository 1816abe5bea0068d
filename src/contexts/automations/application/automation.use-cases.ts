import { Injectable } from '@nestjs/common';
import type { WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { TemplateRenderer } from '../../../infrastructure/notifications';
import { CommandRunner, type Principal, type RequestContext } from '../../../shared/application';
import { streamName } from '../../../shared/ddd';
import { automationDecider } from '../domain/automation/automation';
import { countTriggerNodes, parseAutomationSpec, type AutomationSpec } from '../domain/automation/automation-spec';
import { validateActionTemplates } from './engine/templates';

export interface AutomationCaller {
  readonly principal: Principal;
  readonly request: RequestContext;
  readonly scope: WorkspaceScope;
}

/** Each use case is one command on the automation's stream; the caller becomes the event's actor. */
@Injectable()
export class AutomationUseCases {
  static readonly permission = 'manage_automations';
  /** Only checks templates (syntax, sandbox limits); rendering happens in the action executor. */
  private readonly templates = new TemplateRenderer();
  constructor(private readonly runner: CommandRunner) {}

  /**
   * Parses a create/PUT body; every trigger node gets a fresh id, as Prefect resets client-sent ones.
   * Templates in the actions must parse (Prefect answers 422 otherwise).
   */
  parse(body: unknown): AutomationSpec {
    const ids = Array.from({ length: countTriggerNodes((body as { trigger?: unknown } | null)?.trigger) }, () => this.runner.uuid());
    let next = 0;
    const spec = parseAutomationSpec(body, () => ids[next++] ?? this.runner.uuid());
    validateActionTemplates(this.templates, spec.actions, 'actions');
    validateActionTemplates(this.templates, spec.actions_on_trigger, 'actions_on_trigger');
    validateActionTemplates(this.templates, spec.actions_on_resolve, 'actions_on_resolve');
    return spec;
  }

  private target(c: AutomationCaller, automationId: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission: AutomationUseCases.permission, decider: automationDecider, stream: streamName('automation', automationId) };
  }

  async create(c: AutomationCaller, automation: AutomationSpec, ownerResource: string | null) {
    const automationId = this.runner.uuid();
    const r = await this.runner.run({ ...this.target(c, automationId), command: (now) => ({ type: 'CreateAutomation' as const, data: { automationId, automation, ownerResource, now } }) });
    return { automationId, position: r.position };
  }

  async update(c: AutomationCaller, automationId: string, automation: AutomationSpec) {
    const r = await this.runner.run({ ...this.target(c, automationId), command: (now) => ({ type: 'UpdateAutomation' as const, data: { automation, now } }) });
    return { position: r.position };
  }

  /** `expectedRevision` (GraphQL's expectedVersion) is checked atomically with the append: a stale one is a CONFLICT. */
  async setEnabled(c: AutomationCaller, automationId: string, enabled: boolean, expectedRevision?: number) {
    const r = await this.runner.run({
      ...this.target(c, automationId),
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
      command: (now) => ({ type: 'SetAutomationEnabled' as const, data: { enabled, now } }),
    });
    return { position: r.position };
  }

  async remove(c: AutomationCaller, automationId: string) {
    const r = await this.runner.run({ ...this.target(c, automationId), command: (now) => ({ type: 'DeleteAutomation' as const, data: { now } }) });
    return { position: r.position };
  }
}
