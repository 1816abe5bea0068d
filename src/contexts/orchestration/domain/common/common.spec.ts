import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientMaintainsLeases, compareVersions } from './client-version';
import { jsonEqual } from './json';
import { addSeconds, normaliseDateTime, secondsBetween } from './time';

describe('time on ISO strings', () => {
  it('adds fractional seconds at millisecond precision and measures spans', () => {
    assert.equal(addSeconds('2026-11-27T10:00:00.000000Z', 2.5), '2026-11-27T10:00:02.500000Z');
    assert.equal(addSeconds('2026-11-27T10:00:00.000000Z', -1), '2026-11-27T09:59:59.000000Z');
    assert.equal(secondsBetween('2026-11-27T10:00:00.000000Z', '2026-11-27T10:00:01.250000Z'), 1.25);
  });
  it('normalises offsets and refuses non-dates', () => {
    assert.equal(normaliseDateTime('2026-11-27T05:30:00-04:30'), '2026-11-27T10:00:00.000000Z');
    assert.equal(normaliseDateTime('2026-11-27'), '2026-11-27T00:00:00.000000Z');
    assert.equal(normaliseDateTime('27/11/2026'), undefined);
  });
});

describe('client versions', () => {
  it('orders releases and puts pre-releases before their release', () => {
    assert.equal(compareVersions('3.4.11', '3.4.11'), 0);
    assert.equal(compareVersions('3.4.10', '3.4.11'), -1);
    assert.equal(compareVersions('3.10.0', '3.9.1'), 1);
    assert.equal(compareVersions('3.4.11rc1', '3.4.11'), -1);
    assert.equal(compareVersions('3.4.11.dev3', '3.4.11'), -1);
    assert.equal(compareVersions('junk', '3.4.11'), undefined);
  });
  it('knows which clients renew deployment concurrency leases (3.4.11 and later)', () => {
    assert.equal(clientMaintainsLeases('3.9.1'), true);
    assert.equal(clientMaintainsLeases('3.4.11'), true);
    assert.equal(clientMaintainsLeases('3.4.10'), false);
    assert.equal(clientMaintainsLeases(null), false);
    assert.equal(clientMaintainsLeases('garbage'), false);
  });
});

describe('json equality', () => {
  it('ignores key order and compares deeply', () => {
    assert.equal(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(jsonEqual([1, 2], [2, 1]), false);
  });
});
