import type { Client } from 'graphql-ws';

export interface GqlError {
  message: string;
  extensions?: { code?: string; details?: unknown };
}

/**
 * One graphql-ws subscription and everything it received: the payloads of `field`, the GraphQL errors that ended
 * it, and the close code when the socket itself was closed (e.g. 4403).
 */
export class RecordedSubscription<T> {
  readonly items: T[] = [];
  readonly errors: GqlError[] = [];
  done = false;
  closeCode: number | undefined;
  private readonly stop: () => void;

  constructor(
    readonly client: Client,
    query: string,
    variables: Record<string, unknown>,
    field: string,
  ) {
    this.stop = client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (v) => {
          if (v.errors) this.errors.push(...(v.errors as GqlError[]));
          else if (v.data?.[field]) this.items.push(v.data[field]);
        },
        error: (e) => {
          if (Array.isArray(e)) this.errors.push(...(e as GqlError[]));
          else this.closeCode = (e as { code?: number }).code ?? -1;
          this.done = true;
        },
        complete: () => (this.done = true),
      },
    );
  }

  dispose(): void {
    this.stop();
  }
}
