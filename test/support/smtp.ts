import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: { from: string; to: string[] };
  readonly user: string | undefined;
  readonly mail: ParsedMail;
}

export interface TestSmtpServer {
  /** `smtp://user:password@127.0.0.1:PORT` */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Polls (with a deadline) until `n` messages have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on loopback that requires AUTH PLAIN/LOGIN with the given credentials, parses what
 * it receives (mailparser), and answers RCPT for `*@permanent-fail.test` with 550 and `*@temporary-fail.test` with 451.
 * STARTTLS is off so plain `smtp://` works without certificates.
 */
export async function startSmtpServer(user = 'praetor', password = 'smtp-test-password'): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) cb(null, { user });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      const domain = address.address.split('@')[1];
      if (domain === 'permanent-fail.test') return cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
      if (domain === 'temporary-fail.test') return cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            user: session.user as string | undefined,
            mail,
          });
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    received,
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} messages (got ${received.length})`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
