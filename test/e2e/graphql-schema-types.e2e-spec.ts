import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedSchemaTypes, generateSchemaTypes, SCHEMA_TYPES_FILE } from '../support/graphql-types';

describe('GraphQL schema types', () => {
  it(`${SCHEMA_TYPES_FILE} is generated from the current schema/*.graphql (run npm run graphql:types)`, async () => {
    assert.equal(committedSchemaTypes(), await generateSchemaTypes());
  });
});
