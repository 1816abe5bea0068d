import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { ValidationError } from '../../../shared/errors';
import { RAW_BODY } from './block-schemas.controller';

const MAX_BYTES = 16 * 1024 * 1024;
const ROUTE = /\/block_schemas\/?$/;

/**
 * Keeps the text of `POST /block_schemas/` bodies: the schema checksum hashes numbers as the client
 * wrote them (`10.0` is not `10` to Python), which JSON.parse forgets. Only that route is touched;
 * the body is handed on unchanged to the normal JSON parser.
 */
@Injectable()
export class BlockSchemaRawBody implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (request.method !== 'POST' || !ROUTE.test(request.routeOptions.url ?? '')) return payload;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of payload) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        size += buf.length;
        if (size > MAX_BYTES) throw new ValidationError('request body too large');
        chunks.push(buf);
      }
      const raw = Buffer.concat(chunks);
      (request as unknown as Record<symbol, unknown>)[RAW_BODY] = raw.toString('utf8');
      return Readable.from([raw]);
    });
  }
}
