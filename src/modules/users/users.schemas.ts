// Request and response schemas of the session, me and users routes (they also feed OpenAPI).
import { Type } from 'typebox';
import { ROLES } from './roles';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const DisplayName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const Me = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), role: Type.String(),
  unit: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), type: Type.String() }),
  isCenter: Type.Boolean(), demoUsersExist: Type.Boolean(),
  mustChangePassword: Type.Boolean({ description: 'true after an admin reset: only POST /me/password (and sign-out) work until it succeeds' }),
});

export const UserItem = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), role: Type.String(), unitId: Type.Integer(), unitName: Type.String(),
  isDemo: Type.Boolean(), disabled: Type.Boolean(), mustChangePassword: Type.Boolean(),
});

export const SignInBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) });
export const SignInAnswer = Type.Object({ user: Me, mustChangePassword: Type.Boolean() });

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the username or display name' })),
  role: Type.Optional(RoleSchema),
  unitId: Type.Optional(Id),
  disabled: Type.Optional(Type.Boolean()),
});

export const NewUserBody = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  displayName: DisplayName,
  password: Type.String({ minLength: 8, maxLength: 200 }),
  role: RoleSchema,
  unitId: Id,
});

export const UserParams = Type.Object({ id: Id });
export const UserPatchBody = Type.Object(
  { displayName: Type.Optional(DisplayName), role: Type.Optional(RoleSchema), unitId: Type.Optional(Id), disabled: Type.Optional(Type.Boolean()) },
  { description: 'Only the fields sent change. Disabling, or a new role or unit, ends the user\'s sessions and live streams.' },
);
export const PasswordResetAnswer = Type.Object({
  user: UserItem,
  temporaryPassword: Type.String({ description: 'shown once; the user must replace it at the next sign-in' }),
});
export const OwnPasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Type.String({ minLength: 8, maxLength: 200 }),
});
