import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../../..');
const depcruise = join(root, 'node_modules/.bin/depcruise');

function cruise(cwd: string, config: string) {
  const r = spawnSync(depcruise, ['src', 'projections', '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('dependency rules', () => {
  it('the project keeps the dependency directions of STYLE.md', () => {
    const r = cruise(root, '.dependency-cruiser.js');
    assert.equal(r.status, 0, r.out);
  });

  it('each rule catches its violation in the fixture tree', () => {
    const r = cruise(join(root, 'test/fixtures/dependency-violations'), '.dependency-cruiser.js');
    assert.notEqual(r.status, 0);
    for (const rule of ['domain-is-pure', 'contexts-through-index', 'src-not-to-projections', 'projections-through-index', 'shared-is-independent']) {
      assert.match(r.out, new RegExp(`${rule}:`), `rule ${rule} not reported:\n${r.out}`);
    }
  });
});
