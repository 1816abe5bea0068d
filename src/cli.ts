#!/usr/bin/env node
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ChainVerifier } from './contexts/audit';

const USAGE = 'usage: praetor audit verify FILE';

/** `praetor audit verify FILE`: recomputes an audit export's hash chain, line by line (constant memory). */
export async function main(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [group, command, file, ...rest] = argv;
  if (group !== 'audit' || command !== 'verify' || !file || rest.length > 0) {
    err(USAGE);
    return 2;
  }
  const verifier = new ChainVerifier();
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) verifier.push(line);
  } catch (e) {
    err(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const result = verifier.finish();
  if (result.ok) {
    out(`ok: ${result.entries} entries, last hash ${result.lastHash}`);
    return 0;
  }
  out(`line ${result.line}: hash mismatch${result.reason ? ` (${result.reason})` : ''}`);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
