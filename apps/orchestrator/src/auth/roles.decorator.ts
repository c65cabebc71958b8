import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { REQUIRED_ROLE_EXTENSION, type Role } from '@lightpath/contracts';
import { QUERY_TOKEN_KEY, ROLES_KEY } from './role.constants';

/**
 * The weakest role allowed to call this handler (or every handler of this controller). Also shown
 * in the OpenAPI document as `x-required-role`, from which its 403 answer is documented.
 */
export const Roles = (role: Role) => applyDecorators(SetMetadata(ROLES_KEY, role), ApiExtension(REQUIRED_ROLE_EXTENSION, role));

/**
 * Also accept the token as `?access_token=`: browsers' EventSource cannot set headers. Only for
 * routes that need it, because query strings end up in proxy and access logs.
 */
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN_KEY, true);
