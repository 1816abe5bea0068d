import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMatcher } from '../../../infrastructure/read-store/filter-match';
import { parsePrefectEvent, toEventDoc } from '../application/events/prefect-event';
import { SYSTEM_PRINCIPAL } from '../../../shared/application';
import { compileEventFilter } from './event-filters';

const now = new Date('2026-03-10T15:30:00.000Z');
const doc = (raw: Record<string, unknown>) =>
  toEventDoc({ accountId: 'a', workspaceId: 'w' }, parsePrefectEvent({ id: '0190d3f0-0000-7000-8000-000000000001', occurred: '2026-03-10T15:29:30Z', ...raw }), '2026-03-10T15:29:01.000000Z', 1, { origin: 'server', principal: SYSTEM_PRINCIPAL });

describe('compileEventFilter', () => {
  it('defaults: since the start of the day 180 days ago, until now, newest first', () => {
    const c = compileEventFilter(undefined, { now });
    assert.equal(c.since, '2025-09-11T00:00:00.000000Z');
    assert.equal(c.until, '2026-03-10T15:30:00.000000Z');
    assert.equal(c.order, 'DESC');
    assert.deepEqual(c.normalized.occurred, { since: c.since, until: c.until });
  });

  it('a websocket subscription is clamped to 15 minutes back and stays open without `until`', () => {
    const c = compileEventFilter({ occurred: { since: '2026-03-01T00:00:00+00:00' } }, { now, clampMs: 15 * 60_000, openEnded: true });
    assert.equal(c.since, '2026-03-10T15:15:00.000000Z');
    assert.equal(c.until, undefined);
  });

  it('takes the Python client’s full dump (every key, nulls) of a cancellation observer’s filter', () => {
    const dumped = {
      occurred: { since: '2026-03-10 15:29:00.123456+00:00', until: '2027-03-10T15:29:00.123456Z' },
      event: { prefix: null, exclude_prefix: null, name: ['prefect.flow-run.Cancelling'], exclude_name: null },
      resource: { id: null, id_prefix: null, labels: null, distinct: false },
      related: { id: ['prefect.work-pool.p1'], role: null, resources_in_roles: null, labels: null },
      any_resource: null,
      id: { id: null },
      text: null,
      order: 'DESC',
    };
    const c = compileEventFilter(dumped, { now, clampMs: 15 * 60_000, openEnded: true });
    assert.equal(c.since, '2026-03-10T15:29:00.123456Z');
    const matches = compileMatcher(c.filter);
    const related = [{ 'prefect.resource.id': 'prefect.work-pool.p1', 'prefect.resource.role': 'work-pool' }];
    assert.equal(matches(doc({ event: 'prefect.flow-run.Cancelling', resource: { 'prefect.resource.id': 'prefect.flow-run.r1' }, related })), true);
    assert.equal(matches(doc({ event: 'prefect.flow-run.Running', resource: { 'prefect.resource.id': 'prefect.flow-run.r1' }, related })), false);
    assert.equal(matches(doc({ event: 'prefect.flow-run.Cancelling', resource: { 'prefect.resource.id': 'prefect.flow-run.r1' }, related: [] })), false);
  });

  it('event prefixes are exact and case-sensitive', () => {
    const matches = compileMatcher(compileEventFilter({ event: { prefix: ['prefect.flow-run.'] } }, { now }).filter);
    assert.equal(matches(doc({ event: 'prefect.flow-run.Running', resource: { 'prefect.resource.id': 'x' } })), true);
    assert.equal(matches(doc({ event: 'prefect.FLOW-run.Running', resource: { 'prefect.resource.id': 'x' } })), false);
    assert.equal(matches(doc({ event: 'prefect.flow-runs', resource: { 'prefect.resource.id': 'x' } })), false);
  });

  it('refuses malformed filters with a message naming the field', () => {
    assert.throws(() => compileEventFilter({ order: 'UP' }, { now }), /order must be ASC or DESC/);
    assert.throws(() => compileEventFilter({ event: { prefix: 'prefect.' } }, { now }), /event.prefix must be a list of strings/);
    assert.throws(() => compileEventFilter({ id: { id: ['x'] } }, { now }), /is not a UUID/);
    assert.throws(() => compileEventFilter({ occurred: { until: 'later' } }, { now }), /occurred.until/);
    assert.throws(() => compileEventFilter([], { now }), /filter must be an object/);
  });
});
