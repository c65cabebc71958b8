import { SetMetadata } from '@nestjs/common';
import { QUERY_TOKEN_KEY, type Role, ROLES_KEY } from './role.constants';

/** The weakest role allowed to call this handler (or every handler of this controller). */
export const Roles = (role: Role) => SetMetadata(ROLES_KEY, role);

/**
 * Also accept the token as `?access_token=`: browsers' EventSource cannot set headers. Only for
 * routes that need it, because query strings end up in proxy and access logs.
 */
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN_KEY, true);
