import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';
import { isSealed, SecretsService } from './secrets.service';

describe('SecretsService (AES-256-GCM at rest)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'praetor-secrets-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('seals and opens; the ciphertext differs each time and hides the plaintext', () => {
    const s = new SecretsService({ secretsKey: Buffer.alloc(32, 7).toString('base64'), dataDir: tempDir() });
    const a = s.seal('"hunter2"', 'ws-1');
    const b = s.seal('"hunter2"', 'ws-1');
    assert.ok(isSealed(a) && isSealed(b));
    assert.notEqual(a, b);
    assert.ok(!a.includes('hunter2') && !Buffer.from(a.split(':').pop()!, 'base64').includes('hunter2'));
    assert.equal(s.open(a, 'ws-1'), '"hunter2"');
  });

  it('refuses another workspace’s ciphertext, a tampered one, and another key', () => {
    const s = new SecretsService({ secretsKey: Buffer.alloc(32, 7).toString('base64'), dataDir: tempDir() });
    const sealed = s.seal('x', 'ws-1');
    assert.throws(() => s.open(sealed, 'ws-2'));
    const raw = Buffer.from(sealed.slice('praetor-sealed:v1:'.length), 'base64');
    raw[raw.length - 1] ^= 1;
    assert.throws(() => s.open(`praetor-sealed:v1:${raw.toString('base64')}`, 'ws-1'));
    const other = new SecretsService({ secretsKey: Buffer.alloc(32, 8).toString('base64'), dataDir: tempDir() });
    assert.throws(() => other.open(sealed, 'ws-1'));
    assert.throws(() => new SecretsService({ secretsKey: Buffer.alloc(16).toString('base64'), dataDir: tempDir() }), /32 bytes/);
  });

  it('without a configured key generates one once into the data dir (mode 0600) and keeps using it', () => {
    const dir = tempDir();
    const first = new SecretsService({ secretsKey: undefined, dataDir: dir });
    const path = join(dir, 'secrets.key');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const key = readFileSync(path, 'utf8');
    assert.equal(Buffer.from(key.trim(), 'base64').length, 32);
    const sealed = first.seal('v', 'ws');
    const second = new SecretsService({ secretsKey: undefined, dataDir: dir });
    assert.equal(readFileSync(path, 'utf8'), key);
    assert.equal(second.open(sealed, 'ws'), 'v');
  });

  it('never shows the key when inspected or serialised', () => {
    const secretsKey = Buffer.alloc(32, 9).toString('base64');
    const s = new SecretsService({ secretsKey, dataDir: tempDir() });
    const hex = Buffer.alloc(32, 9).toString('hex').slice(0, 16);
    for (const shown of [inspect(s, { depth: 5, showHidden: true }), JSON.stringify(s), JSON.stringify({ s })]) {
      assert.ok(!shown.includes(secretsKey) && !shown.includes(hex) && !shown.includes('09 09 09'), shown);
    }
  });
});
