export type UserCommand = {
  readonly type: 'RegisterUser';
  readonly data: {
    readonly userId: string;
    readonly handle: string;
    readonly email: string;
    readonly firstName: string | null;
    readonly lastName: string | null;
    readonly now: string;
  };
};
