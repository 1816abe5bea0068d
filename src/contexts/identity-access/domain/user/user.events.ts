import type { UserNameKind } from './user.commands';

/** Only the fields that changed; `imageLocation` is the avatar URL. */
export interface UserProfileChange {
  readonly handle?: string;
  readonly email?: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly imageLocation?: string | null;
}

export type UserEvent =
  | {
      readonly type: 'UserRegistered';
      readonly data: {
        readonly userId: string;
        readonly handle: string;
        readonly email: string;
        readonly firstName: string | null;
        readonly lastName: string | null;
        readonly registeredAt: string;
      };
    }
  | { readonly type: 'UserProfileUpdated'; readonly data: { readonly userId: string; readonly changes: UserProfileChange; readonly updatedAt: string } }
  | {
      /** `passwordHash` is `scrypt$N$r$p$salt$hash`; the plain password is never recorded. */
      readonly type: 'UserPasswordSet';
      readonly data: { readonly userId: string; readonly passwordHash: string; readonly setAt: string };
    }
  | { readonly type: 'UserNameClaimed'; readonly data: { readonly kind: UserNameKind; readonly value: string; readonly userId: string } }
  | { readonly type: 'UserNameReleased'; readonly data: { readonly kind: UserNameKind; readonly value: string; readonly userId: string } };
