/**
 * Prefect client versions as sent in the `User-Agent` (`prefect/3.4.11`). Some deployment-concurrency
 * rules depend on them; compared the way `packaging.version.Version` would for the forms Prefect
 * releases use (`3.4.11`, `3.0.0rc20`, `3.9.1.dev3`): a pre-release sorts before its release.
 */

/** Clients from this version on renew deployment concurrency leases themselves. */
export const MIN_CLIENT_VERSION_FOR_CONCURRENCY_LIMIT_LEASING = '3.4.11';

/** Early 3.0 workers took deployment slots themselves; the server must not take a second one. */
export const WORKER_VERSIONS_THAT_MANAGE_DEPLOYMENT_CONCURRENCY: ReadonlySet<string> = new Set(['3.0.0rc20', '3.0.0', '3.0.1', '3.0.2', '3.0.3']);

interface ParsedVersion {
  readonly release: readonly number[];
  readonly preRelease: boolean;
}

function parseVersion(v: string): ParsedVersion | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(v.trim());
  if (!m) return undefined;
  return { release: m[1]!.split('.').map(Number), preRelease: m[2]!.replace(/^\.?post\d*$/, '') !== '' };
}

/** -1, 0 or 1; undefined when either side is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return undefined;
  const n = Math.max(pa.release.length, pb.release.length);
  for (let i = 0; i < n; i++) {
    const d = (pa.release[i] ?? 0) - (pb.release[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa.preRelease === pb.preRelease) return 0;
  return pa.preRelease ? -1 : 1;
}

/**
 * Whether the client can maintain a deployment concurrency lease. Prefect treats a missing version
 * as 2.0.0; an unparsable one is treated the same way here.
 */
export function clientMaintainsLeases(clientVersion: string | null): boolean {
  if (clientVersion === null) return false;
  return (compareVersions(clientVersion, MIN_CLIENT_VERSION_FOR_CONCURRENCY_LIMIT_LEASING) ?? -1) >= 0;
}
