/** An event as the store returns it. Defined here so that projections need not import infrastructure. */
export interface RecordedEvent<T extends string = string, D = unknown> {
  readonly id: string;
  readonly type: T;
  readonly data: D;
  readonly metadata: unknown;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  /** ISO-8601 time the store recorded it. */
  readonly recordedAt: string;
}
