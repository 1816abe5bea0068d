/** The profile fields a user may change; absent means "leave as is". */
export interface UserProfileChanges {
  readonly handle?: string;
  readonly email?: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  /** The avatar URL (Prefect Cloud's `image_location`): http(s), or null for none. */
  readonly imageLocation?: string | null;
}

export type UserCommand =
  | {
      readonly type: 'RegisterUser';
      readonly data: {
        readonly userId: string;
        readonly handle: string;
        readonly email: string;
        readonly firstName: string | null;
        readonly lastName: string | null;
        readonly now: string;
      };
    }
  | { readonly type: 'UpdateUserProfile'; readonly data: { readonly userId: string; readonly changes: UserProfileChanges; readonly now: string } }
  | {
      /** The password arrives already hashed (`scrypt$N$r$p$salt$hash`): the plain password never reaches an event. */
      readonly type: 'SetUserPassword';
      readonly data: { readonly userId: string; readonly passwordHash: string; readonly now: string };
    };

/** Handles and emails are unique across users: each value's own stream (id derived from kind and value) decides. */
export type UserNameKind = 'handle' | 'email';

export type UserNameCommand =
  | { readonly type: 'ClaimUserName'; readonly data: { readonly kind: UserNameKind; readonly value: string; readonly userId: string } }
  | { readonly type: 'ReleaseUserName'; readonly data: { readonly kind: UserNameKind; readonly value: string; readonly userId: string } };
