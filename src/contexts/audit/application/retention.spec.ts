import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_AUDIT_RETENTION_DAYS, retentionCutoff, retentionDays } from './retention';

describe('audit retention', () => {
  it('reads the account\'s audit_log_retention_days, else the default', () => {
    assert.equal(retentionDays({ audit_log_retention_days: 30 }), 30);
    assert.equal(retentionDays({}), DEFAULT_AUDIT_RETENTION_DAYS);
    assert.equal(retentionDays(undefined), DEFAULT_AUDIT_RETENTION_DAYS);
    assert.equal(retentionDays({ audit_log_retention_days: 0 }), DEFAULT_AUDIT_RETENTION_DAYS);
    assert.equal(retentionDays({ audit_log_retention_days: '7' }), DEFAULT_AUDIT_RETENTION_DAYS);
  });

  it('hides what was recorded more than that many days before now', () => {
    assert.equal(retentionCutoff(new Date('2026-11-27T10:00:00.000Z'), 7), '2026-11-20T10:00:00.000Z');
  });
});
