import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import * as resolversPlugin from '@graphql-codegen/typescript-resolvers';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, printSchema } from 'graphql';
import { loadTypeDefs, schemaDir } from '../../src/infrastructure/graphql/graphql-schema';

/** Where the generated types live, relative to the project root. */
export const SCHEMA_TYPES_FILE = 'src/infrastructure/graphql/schema-types.generated.ts';

const HEADER = '// Generated from schema/*.graphql by `npm run graphql:types`. Do not edit: change the SDL and regenerate.\n/* eslint-disable */\n';

/** The TypeScript types of the SDL in `schema/`: object and input types, and resolver signatures. */
export async function generateSchemaTypes(): Promise<string> {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs() });
  const output = await codegen({
    filename: SCHEMA_TYPES_FILE,
    schema: parse(printSchema(schema)),
    documents: [],
    // Resolvers receive the GraphqlContext; scalars map to what the server passes around.
    config: { contextType: './graphql-context#GraphqlContext', scalars: { DateTime: 'string', JSON: 'unknown' }, useTypeImports: true },
    plugins: [{ typescript: {} }, { typescriptResolvers: {} }],
    pluginMap: { typescript: typescriptPlugin, typescriptResolvers: resolversPlugin },
  } as never);
  return HEADER + output;
}

export function projectRoot(): string {
  return dirname(schemaDir());
}

export function committedSchemaTypes(): string {
  return readFileSync(join(projectRoot(), SCHEMA_TYPES_FILE), 'utf8');
}

// `node dist/test/support/graphql-types.js --write` (npm run graphql:types) rewrites the file.
if (require.main === module) {
  void generateSchemaTypes().then((text) => {
    writeFileSync(join(projectRoot(), SCHEMA_TYPES_FILE), text);
    process.stdout.write(`wrote ${SCHEMA_TYPES_FILE}\n`);
  });
}
