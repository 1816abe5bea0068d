import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('has defaults for an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.port, 4200);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.publicUrl, 'http://127.0.0.1:4200');
    assert.equal(c.eventStoreUrl, undefined);
    assert.equal(c.mongodbUrl, undefined);
  });
  it('reads and converts values', () => {
    const c = loadConfig({ PRAETOR_PORT: '8080', PRAETOR_HOST: '0.0.0.0', MONGODB_URL: 'mongodb://db:27017/?replicaSet=rs0' });
    assert.equal(c.port, 8080);
    assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(c.mongodbUrl, 'mongodb://db:27017/?replicaSet=rs0');
  });
  it('names every bad variable', () => {
    assert.throws(
      () => loadConfig({ PRAETOR_PORT: 'eighty', EVENTSTORE_URL: 'http://x', PRAETOR_BOOTSTRAP_API_KEY: 'secret' }),
      (e: unknown) => e instanceof ConfigError && /PRAETOR_PORT/.test(e.message) && /EVENTSTORE_URL/.test(e.message) && /PRAETOR_BOOTSTRAP_API_KEY/.test(e.message),
    );
  });
});
