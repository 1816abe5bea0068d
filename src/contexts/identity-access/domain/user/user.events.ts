export type UserEvent = {
  readonly type: 'UserRegistered';
  readonly data: {
    readonly userId: string;
    readonly handle: string;
    readonly email: string;
    readonly firstName: string | null;
    readonly lastName: string | null;
    readonly registeredAt: string;
  };
};
