import assert from 'node:assert/strict';
import type { TestDnsServer } from './dns-server';
import type { TestServer } from './test-server';

/**
 * The account proves it controls `domain` as an admin would: adds it to the account's domains, publishes the
 * TXT record Praetor asks for on the test DNS server, and verifies it (SSO sign-in needs a verified domain).
 * The server must run with PRAETOR_DNS_SERVERS pointing at `dns`. `key` is an Owner's or Admin's of the account.
 */
export async function verifyDomain(t: TestServer, dns: TestDnsServer, accountId: string, domain: string, key?: string): Promise<void> {
  const current = await t.fetch(`/accounts/${accountId}/domains`, { key });
  const names = ((await current.json()) as { domain_names: string[] }).domain_names;
  const set = await t.fetch(`/accounts/${accountId}/domains`, {
    method: 'PATCH',
    body: JSON.stringify({ domain_names: [...new Set([...names, domain])] }),
    headers: { 'content-type': 'application/json' },
    key,
  });
  assert.equal(set.status, 200, await set.clone().text());
  const domains = ((await set.json()) as { domains: { name: string; verification_record: { name: string; value: string } | null }[] }).domains;
  const record = domains.find((d) => d.name === domain)?.verification_record;
  assert.ok(record, `no verification record for ${domain}`);
  dns.records.set(record.name.replace(/\.$/, ''), [record.value]);
  const verified = await t.fetch(`/accounts/${accountId}/domains/${domain}/verify`, { method: 'POST', key });
  assert.equal(verified.status, 200, await verified.text());
}
