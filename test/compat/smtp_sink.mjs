#!/usr/bin/env node
/**
 * A real SMTP server for the compat suite: `node test/compat/smtp_sink.mjs OUT.jsonl` listens on a free
 * 127.0.0.1 port (no TLS, no auth), prints `SMTP_SINK_PORT=<port>` once listening, and appends each
 * received message to OUT.jsonl as one JSON line: {from, to, subject, text, messageId}. Stops on SIGTERM/SIGINT.
 * Uses smtp-server and mailparser from the repo's node_modules.
 */
import { appendFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: smtp_sink.mjs OUT.jsonl\n');
  process.exit(2);
}

const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const line = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? null,
          text: mail.text ?? null,
          messageId: mail.messageId ?? null,
        };
        appendFileSync(out, `${JSON.stringify(line)}\n`);
        callback();
      })
      .catch((err) => callback(err));
  },
});

server.on('error', (err) => process.stderr.write(`smtp sink: ${err.message}\n`));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`SMTP_SINK_PORT=${server.server.address().port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
