import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterSchemaError, validateParameters } from './parameter-schema';

/** A schema as Prefect's client generates it for `def f(n: int, opts: Opts | None = None, tags: list[str] = [])`. */
const schema = {
  type: 'object',
  title: 'Parameters',
  properties: {
    n: { type: 'integer', title: 'n', position: 0 },
    label: { type: 'string', title: 'label', position: 1 },
    opts: { anyOf: [{ $ref: '#/definitions/Opts' }, { type: 'null' }], default: null, position: 2 },
    pair: { type: 'array', items: [{ type: 'integer' }, { type: 'string' }], position: 3 },
  },
  required: ['n'],
  definitions: { Opts: { type: 'object', properties: { fast: { type: 'boolean' } }, required: ['fast'] } },
};

const failure = (params: Record<string, unknown>, ignoreRequired = false): string => {
  try {
    validateParameters(params, schema, { ignoreRequired });
  } catch (err) {
    assert.ok(err instanceof ParameterSchemaError);
    return (err as Error).message;
  }
  return 'valid';
};

describe('parameter schema validation (Prefect’s validate with ajv)', () => {
  it('accepts conforming parameters, refs through `definitions` included', () => {
    assert.equal(failure({ n: 1, opts: { fast: true }, pair: [1, 'a'] }), 'valid');
    assert.equal(failure({ n: 1, opts: null }), 'valid');
  });

  it('words failures as Prefect does', () => {
    assert.equal(failure({ n: 'one' }), "Validation failed for field 'n'. Failure reason: 'one' is not of type 'integer'");
    assert.equal(failure({}), "Validation failed. Failure reason: 'n' is a required property");
    assert.match(failure({ n: 1, opts: { fast: 'yes' } }), /^Validation failed for field 'opts'/);
  });

  it('lets an optional typed parameter be null, as Prefect’s preprocessing does', () => {
    assert.equal(failure({ n: 1, label: null }), 'valid');
  });

  it('ignores `required` everywhere when asked (deployment create and update)', () => {
    assert.equal(failure({}, true), 'valid');
    assert.equal(failure({ opts: {} }, true), 'valid');
    assert.match(failure({ n: 'x' }, true), /field 'n'/);
  });

  it('turns pydantic-v1 tuple `items` lists into prefixItems', () => {
    assert.match(failure({ n: 1, pair: ['a', 'b'] }), /^Validation failed for field 'pair.0'/);
  });
});
