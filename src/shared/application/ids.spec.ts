import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameBasedUuid, timeOrderedUuid } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('name-based uuids are stable per namespace and name, and version 5', () => {
    const a = nameBasedUuid('ns', 'etl');
    assert.match(a, UUID);
    assert.equal(a[14], '5');
    assert.equal(nameBasedUuid('ns', 'etl'), a);
    assert.notEqual(nameBasedUuid('ns2', 'etl'), a);
    assert.notEqual(nameBasedUuid('ns', 'etl2'), a);
  });
  it('time-ordered uuids are version 7 and sort by time', () => {
    const early = timeOrderedUuid(new Date('2026-01-01T00:00:00Z'));
    const late = timeOrderedUuid(new Date('2026-06-01T00:00:00Z'));
    assert.match(early, UUID);
    assert.equal(early[14], '7');
    assert.ok(early < late);
    assert.notEqual(timeOrderedUuid(new Date(0)), timeOrderedUuid(new Date(0)));
  });
});
