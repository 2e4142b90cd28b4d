export { assertAssignableOwner, assignableOwnerError } from './assignable-owner';
export { createUsersRepository } from './users.repository';
