import { promises as dns } from 'node:dns';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';

export type TxtLookup = { readonly found: true; readonly values: readonly string[] } | { readonly found: false; readonly error: string };

/** Codes meaning "the name or its TXT record does not exist", as opposed to a failed lookup. */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/**
 * Reads a name's TXT records from the configured DNS servers (PRAETOR_DNS_SERVERS) or the system's.
 * A failing lookup (timeout, refused, bad server) is answered, never thrown, so a broken DNS cannot crash a request.
 */
@Injectable()
export class DnsTxtLookup {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async txt(name: string): Promise<TxtLookup> {
    try {
      const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
      if (this.config.dnsServers && this.config.dnsServers.length > 0) resolver.setServers([...this.config.dnsServers]);
      // A TXT record may be split into several character-strings; they form one value.
      const records = await resolver.resolveTxt(name);
      return { found: true, values: records.map((chunks) => chunks.join('')) };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && ABSENT.has(code)) return { found: false, error: `no TXT record at ${name}` };
      return { found: false, error: `the DNS lookup of ${name} failed (${typeof code === 'string' ? code : 'error'})` };
    }
  }
}
