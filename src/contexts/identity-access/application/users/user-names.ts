import { nameBasedUuid, type CommandRunner, type Principal, type RequestContext, type Scope } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import type { UserNameKind } from '../../domain/user/user.commands';
import { userNameDecider } from '../../domain/user/user.decide';

const NAMESPACE = 'praetor:user-name';

/** Handles and emails are unique across users: each value has its own stream, id derived from kind and value. */
export const userNameStream = (kind: UserNameKind, value: string) => streamName('userName', nameBasedUuid(`${NAMESPACE}:${kind}`, value));

export interface UserName {
  readonly kind: UserNameKind;
  readonly value: string;
}

interface Base {
  readonly principal: Principal;
  readonly request: RequestContext;
  readonly scope: Scope;
  readonly permission: string;
}

/**
 * Claims each name for the user, in order; if one is taken, the ones this call claimed are released
 * again and the AlreadyExistsError is rethrown. Returns a function that releases what this call claimed
 * (for a later step that fails).
 */
export async function claimUserNames(runner: CommandRunner, base: Base, userId: string, names: readonly UserName[]): Promise<() => Promise<void>> {
  const claimed: UserName[] = [];
  const undo = () => releaseUserNames(runner, base, userId, claimed).then(() => undefined);
  try {
    for (const n of names) {
      const r = await runner.runAuthorized({
        ...base,
        decider: userNameDecider,
        stream: userNameStream(n.kind, n.value),
        command: () => ({ type: 'ClaimUserName' as const, data: { kind: n.kind, value: n.value, userId } }),
      });
      if (r.events.length > 0) claimed.push(n);
    }
  } catch (err) {
    await undo();
    throw err;
  }
  return undo;
}

/** Releases names the user holds (a name held by someone else is left alone); returns the last position. */
export async function releaseUserNames(runner: CommandRunner, base: Base, userId: string, names: readonly UserName[]): Promise<number> {
  let position = 0;
  for (const n of names) {
    const r = await runner.runAuthorized({
      ...base,
      decider: userNameDecider,
      stream: userNameStream(n.kind, n.value),
      command: () => ({ type: 'ReleaseUserName' as const, data: { kind: n.kind, value: n.value, userId } }),
    });
    position = Math.max(position, r.position ?? 0);
  }
  return position;
}
