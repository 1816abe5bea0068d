import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { artifactStreamDecider, type ArtifactEvent, type ArtifactInput, type ArtifactSnapshot } from './artifact';

const spec = deciderSpec(artifactStreamDecider);
const t = (h: number) => `2026-11-27T${String(h).padStart(2, '0')}:00:00.000000Z`;
const input = (over: Partial<ArtifactInput> = {}): ArtifactInput => ({ key: 'report', type: 'markdown', description: null, data: '# hi', metadata_: null, flow_run_id: null, task_run_id: null, ...over });
const create = (artifactId: string, at: number, over: Partial<ArtifactInput> = {}, collectionId = 'c-new') => ({ type: 'CreateArtifact' as const, data: { artifactId, collectionId, input: input(over), now: t(at) } });
const snapshot = (id: string, at: number, over: Partial<ArtifactSnapshot> = {}): ArtifactSnapshot => ({
  id,
  created: t(at),
  updated: t(at),
  key: 'report',
  type: 'markdown',
  description: null,
  data: '# hi',
  metadata_: null,
  flow_run_id: null,
  task_run_id: null,
  ...over,
});
const created = (id: string, at: number, collection: { id: string; created: string } | null = { id: 'c1', created: t(1) }, over: Partial<ArtifactSnapshot> = {}): ArtifactEvent => ({
  type: 'ArtifactCreated',
  data: { artifact: snapshot(id, at, over), collection },
});
const del = (artifactId: string, at: number) => ({ type: 'DeleteArtifact' as const, data: { artifactId, now: t(at) } });
const upd = (artifactId: string, changes: Record<string, unknown>, at = 9) => ({ type: 'UpdateArtifact' as const, data: { artifactId, changes, now: t(at) } });

describe('artifact stream decider', () => {
  it('the first artifact of a key creates its collection', () => spec.given([]).when(create('a1', 1, {}, 'c1')).then([created('a1', 1)]));
  it('later artifacts of the key point the same collection at themselves', () => spec.given([created('a1', 1)]).when(create('a2', 2, {}, 'ignored')).then([created('a2', 2)]));
  it('an artifact without a key has no collection', () =>
    spec.given([]).when(create('a1', 1, { key: null, type: 'table', data: '[[1]]' })).then([created('a1', 1, null, { key: null, type: 'table', data: '[[1]]' })]));
  it('a create retried with the same id decides nothing', () => spec.given([created('a1', 1)]).when(create('a1', 1)).thenNothing());
  it("enforces Prefect's key rule and field types (422)", () => {
    for (const key of ['Upper', 'under_score', 'sp ace', 'a/b', 7]) spec.given([]).when(create('a1', 1, { key })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create('a1', 1, { metadata_: { a: 1 } })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create('a1', 1, { metadata_: ['x'] })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(create('a1', 1, { description: 5 })).thenThrows('VALIDATION_FAILED');
  });
  it('keeps any JSON as data (progress floats, tables as JSON text, objects) and cuts long metadata values', () => {
    spec.given([]).when(create('a1', 1, { key: null, type: 'progress', data: 42.5 })).then([created('a1', 1, null, { key: null, type: 'progress', data: 42.5 })]);
    spec.given([]).when(create('a1', 1, { key: null, data: { rows: [1, 2] } })).then([created('a1', 1, null, { key: null, data: { rows: [1, 2] } })]);
    spec.given([]).when(create('a1', 1, { key: null, metadata_: { long: 'x'.repeat(600), short: 'y' } })).then([created('a1', 1, null, { key: null, metadata_: { long: `${'x'.repeat(500)}...`, short: 'y' } })]);
  });
  it('updates data, description and metadata; the collection follows only when the artifact is the latest', () => {
    spec.given([created('a1', 1), created('a2', 2)]).when(upd('a2', { data: 80 })).then([
      { type: 'ArtifactUpdated', data: { artifactId: 'a2', key: 'report', changes: { data: 80 }, updatedAt: t(9), collectionId: 'c1' } },
    ]);
    spec.given([created('a1', 1), created('a2', 2)]).when(upd('a1', { description: 'old', metadata_: { k: 'v' } })).then([
      { type: 'ArtifactUpdated', data: { artifactId: 'a1', key: 'report', changes: { description: 'old', metadata_: { k: 'v' } }, updatedAt: t(9), collectionId: null } },
    ]);
  });
  it('an update that changes nothing decides nothing; a missing artifact is not found', () => {
    spec.given([created('a1', 1)]).when(upd('a1', { data: '# hi', description: null })).thenNothing();
    spec.given([created('a1', 1)]).when(upd('a1', {})).thenNothing();
    spec.given([created('a1', 1)]).when(upd('nope', { data: 1 })).thenThrows('NOT_FOUND');
    spec.given([]).when(del('nope', 3)).thenThrows('NOT_FOUND');
  });
  it('deleting the latest points the collection at the previous artifact, with its current content', () => {
    const a1Updated: ArtifactEvent = { type: 'ArtifactUpdated', data: { artifactId: 'a1', key: 'report', changes: { data: 'edited' }, updatedAt: t(5), collectionId: null } };
    spec.given([created('a1', 1), created('a2', 2), a1Updated]).when(del('a2', 6)).then([
      { type: 'ArtifactDeleted', data: { artifactId: 'a2', key: 'report', deletedAt: t(6), collection: { id: 'c1', successor: snapshot('a1', 1, { data: 'edited', updated: t(5) }), removed: snapshot('a2', 2) } } },
    ]);
  });
  it('deleting an older artifact leaves the collection alone', () =>
    spec.given([created('a1', 1), created('a2', 2)]).when(del('a1', 6)).then([{ type: 'ArtifactDeleted', data: { artifactId: 'a1', key: 'report', deletedAt: t(6), collection: null } }]));
  it('deleting the last artifact of a key removes the collection; the next create makes a new one', () => {
    const gone: ArtifactEvent = { type: 'ArtifactDeleted', data: { artifactId: 'a1', key: 'report', deletedAt: t(6), collection: { id: 'c1', successor: null, removed: snapshot('a1', 1) } } };
    spec.given([created('a1', 1)]).when(del('a1', 6)).then([gone]);
    spec.given([created('a1', 1), gone]).when(create('a3', 7, {}, 'c2')).then([created('a3', 7, { id: 'c2', created: t(7) })]);
    spec.given([created('a1', 1), gone]).when(del('a1', 8)).thenThrows('NOT_FOUND');
  });
  it('after falling back, the collection keeps the successor as latest for later updates and deletes', () => {
    const fellBack: ArtifactEvent = { type: 'ArtifactDeleted', data: { artifactId: 'a2', key: 'report', deletedAt: t(6), collection: { id: 'c1', successor: snapshot('a1', 1), removed: snapshot('a2', 2) } } };
    spec.given([created('a1', 1), created('a2', 2), fellBack]).when(upd('a1', { data: 'x' })).then([
      { type: 'ArtifactUpdated', data: { artifactId: 'a1', key: 'report', changes: { data: 'x' }, updatedAt: t(9), collectionId: 'c1' } },
    ]);
    spec.given([created('a1', 1), created('a2', 2), fellBack]).when(del('a1', 9)).then([
      { type: 'ArtifactDeleted', data: { artifactId: 'a1', key: 'report', deletedAt: t(9), collection: { id: 'c1', successor: null, removed: snapshot('a1', 1, { data: '# hi' }) } } },
    ]);
  });
  it('a keyless artifact is deleted without collection', () =>
    spec.given([created('a1', 1, null, { key: null })]).when(del('a1', 2)).then([{ type: 'ArtifactDeleted', data: { artifactId: 'a1', key: null, deletedAt: t(2), collection: null } }]));
});
