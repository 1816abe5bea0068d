import type { JsonObject } from '../../domain/common/json';

/**
 * The block types Prefect's server installs itself (`install_system_block_types`), protected:
 * Webhook, Secret and LocalFileSystem, with the schemas the Prefect 3.9.0 client computes for them
 * (`Block._to_block_type()` / `_to_block_schema()`), so the client finds them by slug and checksum
 * and never needs to change them.
 */
export interface SystemBlockType {
  readonly name: string;
  readonly slug: string;
  readonly logoUrl: string | null;
  readonly documentationUrl: string | null;
  readonly description: string | null;
  readonly codeExample: string | null;
  readonly schema: { readonly checksum: string; readonly fields: JsonObject; readonly capabilities: readonly string[]; readonly version: string };
}

export const SYSTEM_BLOCK_TYPES: readonly SystemBlockType[] = [
  {
    "name": "Webhook",
    "slug": "webhook",
    "logoUrl": "https://raw.githubusercontent.com/PrefectHQ/prefect/420d0d6a78bb6df1fc18bcf188fdad43c1d22ea9/assets/block-logos/webhook.png",
    "documentationUrl": "https://docs.prefect.io/latest/automate/events/webhook-triggers",
    "description": "Block that enables calling webhooks.",
    "codeExample": "```python\nfrom prefect.blocks.webhook import Webhook\n\nwebhook_block = Webhook.load(\"BLOCK_NAME\")\n```",
    "schema": {
      "checksum": "sha256:58bb03f0d84592252ad568ed9a8c899792ae5d0ad2dd4a2428e99674f9050cf1",
      "fields": {
        "block_schema_references": {},
        "block_type_slug": "webhook",
        "description": "Block that enables calling webhooks.",
        "properties": {
          "method": {
            "default": "POST",
            "description": "The webhook request method. Defaults to `POST`.",
            "enum": [
              "GET",
              "POST",
              "PUT",
              "PATCH",
              "DELETE"
            ],
            "title": "Method",
            "type": "string",
            "position": 0
          },
          "url": {
            "description": "The webhook URL.",
            "examples": [
              "https://hooks.slack.com/XXX"
            ],
            "format": "password",
            "title": "Webhook URL",
            "type": "string",
            "writeOnly": true,
            "position": 1
          },
          "headers": {
            "description": "A dictionary of headers to send with the webhook request.",
            "title": "Webhook Headers",
            "type": "object",
            "position": 2
          },
          "allow_private_urls": {
            "default": true,
            "description": "Whether to allow notifications to private URLs. Defaults to True.",
            "title": "Allow Private Urls",
            "type": "boolean",
            "position": 3
          },
          "verify": {
            "default": true,
            "description": "Whether or not to enforce a secure connection to the webhook.",
            "title": "Verify",
            "type": "boolean",
            "position": 4
          }
        },
        "required": [
          "url"
        ],
        "secret_fields": [
          "url",
          "headers.*"
        ],
        "title": "Webhook",
        "type": "object"
      },
      "capabilities": [],
      "version": "3.9.0"
    }
  },
  {
    "name": "Secret",
    "slug": "secret",
    "logoUrl": "https://raw.githubusercontent.com/PrefectHQ/prefect/420d0d6a78bb6df1fc18bcf188fdad43c1d22ea9/assets/block-logos/secret.png",
    "documentationUrl": "https://docs.prefect.io/latest/develop/blocks",
    "description": "A block that represents a secret value. The value stored in this block will be obfuscated when this block is viewed or edited in the UI.",
    "codeExample": "```python\nfrom prefect.blocks.system import Secret\n\nSecret(value=\"sk-1234567890\").save(\"BLOCK_NAME\", overwrite=True)\n\nsecret_block = Secret.load(\"BLOCK_NAME\")\n\n# Access the stored secret\nsecret_block.get()\n```",
    "schema": {
      "checksum": "sha256:c078ed9c1e813e224c0b353d7ad4564a11d51d3198d9ac0686478165a1911c78",
      "fields": {
        "block_schema_references": {},
        "block_type_slug": "secret",
        "description": "A block that represents a secret value. The value stored in this block will be obfuscated when this block is viewed or edited in the UI.",
        "properties": {
          "value": {
            "anyOf": [
              {
                "format": "password",
                "type": "string",
                "writeOnly": true
              },
              {
                "title": "string",
                "type": "string"
              },
              {
                "$ref": "#/definitions/JsonValue",
                "title": "JSON"
              }
            ],
            "description": "A value that should be kept secret.",
            "examples": [
              "sk-1234567890",
              {
                "password": "s3cr3t",
                "username": "johndoe"
              }
            ],
            "format": "password",
            "title": "Value",
            "writeOnly": true,
            "position": 0
          }
        },
        "required": [
          "value"
        ],
        "secret_fields": [
          "value",
          "value"
        ],
        "title": "Secret",
        "type": "object",
        "definitions": {
          "JsonValue": {}
        }
      },
      "capabilities": [],
      "version": "3.9.0"
    }
  },
  {
    "name": "Local File System",
    "slug": "local-file-system",
    "logoUrl": "https://raw.githubusercontent.com/PrefectHQ/prefect/420d0d6a78bb6df1fc18bcf188fdad43c1d22ea9/assets/block-logos/filesystem.png",
    "documentationUrl": "https://docs.prefect.io/latest/develop/results#specifying-a-default-filesystem",
    "description": "Store data as a file on a local file system.",
    "codeExample": "Load stored local file system config:\n```python\nfrom prefect.filesystems import LocalFileSystem\n\nlocal_file_system_block = LocalFileSystem.load(\"BLOCK_NAME\")\n```",
    "schema": {
      "checksum": "sha256:0fc8b7f936f38f465715ef2df4a817ac9fe38b80bb01d5c6c9649a6da6ae6971",
      "fields": {
        "block_schema_references": {},
        "block_type_slug": "local-file-system",
        "description": "Store data as a file on a local file system.",
        "properties": {
          "basepath": {
            "anyOf": [
              {
                "type": "string"
              },
              {
                "type": "null"
              }
            ],
            "default": null,
            "description": "Default local path for this block to write to.",
            "title": "Basepath",
            "position": 0
          }
        },
        "secret_fields": [],
        "title": "LocalFileSystem",
        "type": "object"
      },
      "capabilities": [
        "get-directory",
        "put-directory",
        "read-path",
        "write-path"
      ],
      "version": "3.9.0"
    }
  }
];
