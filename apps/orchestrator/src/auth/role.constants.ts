/** Metadata keys of the auth decorators (the roles themselves are the API contract's: @lightpath/contracts, roles.ts). */
export const ROLES_KEY = 'lightpath:auth:role';
export const QUERY_TOKEN_KEY = 'lightpath:auth:query-token';
